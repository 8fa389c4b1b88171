-- Calibration events are now rolled up over all questions only (tag ''); tagged calibration reads score rows.
DELETE FROM "calibration_rollups" WHERE "tag" <> '';--> statement-breakpoint
ALTER TABLE "calibration_rollups" DROP CONSTRAINT "calibration_rollups_tag_user_id_p_pk";--> statement-breakpoint
ALTER TABLE "calibration_rollups" DROP COLUMN "tag";--> statement-breakpoint
ALTER TABLE "calibration_rollups" ADD CONSTRAINT "calibration_rollups_user_id_p_pk" PRIMARY KEY("user_id","p");
