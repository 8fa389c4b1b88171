CREATE TABLE "aggregate_rollups" (
	"tag" text NOT NULL,
	"name" text NOT NULL,
	"questions" integer NOT NULL,
	"sum_brier" double precision NOT NULL,
	"sum_time_weighted_brier" double precision NOT NULL,
	"sum_sq_time_weighted_brier" double precision NOT NULL,
	"sum_log_loss" double precision NOT NULL,
	"sum_vs_median" double precision NOT NULL,
	"sum_sq_vs_median" double precision NOT NULL,
	CONSTRAINT "aggregate_rollups_tag_name_pk" PRIMARY KEY("tag","name")
);
--> statement-breakpoint
CREATE TABLE "aggregate_scores" (
	"question_id" integer NOT NULL,
	"name" text NOT NULL,
	"end_at" timestamp (3) with time zone NOT NULL,
	"time_weighted_brier" double precision NOT NULL,
	"final_brier" double precision NOT NULL,
	"final_log_loss" double precision NOT NULL,
	CONSTRAINT "aggregate_scores_question_id_name_pk" PRIMARY KEY("question_id","name"),
	CONSTRAINT "aggregate_scores_name_check" CHECK ("aggregate_scores"."name" in ('median', 'mean', 'geometric', 'extremized'))
);
--> statement-breakpoint
CREATE TABLE "recalibration_rollups" (
	"user_id" integer NOT NULL,
	"w" double precision NOT NULL,
	"u" double precision NOT NULL,
	"x" double precision NOT NULL,
	"o" double precision NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "recalibration_rollups_user_id_w_u_x_o_pk" PRIMARY KEY("user_id","w","u","x","o")
);
--> statement-breakpoint
ALTER TABLE "aggregate_scores" ADD CONSTRAINT "aggregate_scores_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recalibration_rollups" ADD CONSTRAINT "recalibration_rollups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aggregate_scores_end_idx" ON "aggregate_scores" USING btree ("end_at");