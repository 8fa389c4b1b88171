CREATE TABLE "clarifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clarifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"question_id" integer NOT NULL,
	"text" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"by" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forecast_crowd" (
	"forecast_id" bigint PRIMARY KEY NOT NULL,
	"probs" double precision[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "question_crowd" (
	"question_id" integer PRIMARY KEY NOT NULL,
	"probs" double precision[] NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suggestions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "suggestions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"question_id" integer NOT NULL,
	"outcome" integer,
	"annulled" boolean DEFAULT false NOT NULL,
	"occurred_at" timestamp (3) with time zone,
	"source_url" text,
	"note" text,
	"by" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp (3) with time zone,
	"decision_note" text,
	CONSTRAINT "suggestions_status_check" CHECK ("suggestions"."status" in ('open', 'accepted', 'dismissed')),
	CONSTRAINT "suggestions_outcome_check" CHECK (("suggestions"."annulled" and "suggestions"."outcome" is null) or (not "suggestions"."annulled" and "suggestions"."outcome" is not null))
);
--> statement-breakpoint
CREATE TABLE "workspace_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"stale_days" integer DEFAULT 14 NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" integer,
	CONSTRAINT "workspace_settings_one_row" CHECK ("workspace_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "clarifications" ADD CONSTRAINT "clarifications_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarifications" ADD CONSTRAINT "clarifications_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_crowd" ADD CONSTRAINT "forecast_crowd_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_crowd" ADD CONSTRAINT "question_crowd_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_settings" ADD CONSTRAINT "workspace_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clarifications_question_idx" ON "clarifications" USING btree ("question_id","at","id");--> statement-breakpoint
CREATE INDEX "suggestions_question_idx" ON "suggestions" USING btree ("question_id","id");--> statement-breakpoint
CREATE INDEX "suggestions_open_idx" ON "suggestions" USING btree ("at","id") WHERE "suggestions"."status" = 'open';