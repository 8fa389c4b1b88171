ALTER TABLE "aggregate_scores" DROP CONSTRAINT "aggregate_scores_question_id_questions_id_fk";
--> statement-breakpoint
ALTER TABLE "analyst_rollups" DROP CONSTRAINT "analyst_rollups_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "calibration_rollups" DROP CONSTRAINT "calibration_rollups_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "crowd_scores" DROP CONSTRAINT "crowd_scores_question_id_questions_id_fk";
--> statement-breakpoint
ALTER TABLE "forecast_crowd" DROP CONSTRAINT "forecast_crowd_forecast_id_forecasts_id_fk";
--> statement-breakpoint
ALTER TABLE "question_crowd" DROP CONSTRAINT "question_crowd_question_id_questions_id_fk";
--> statement-breakpoint
ALTER TABLE "question_scores" DROP CONSTRAINT "question_scores_question_id_questions_id_fk";
--> statement-breakpoint
ALTER TABLE "question_scores" DROP CONSTRAINT "question_scores_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "recalibration_rollups" DROP CONSTRAINT "recalibration_rollups_user_id_users_id_fk";
