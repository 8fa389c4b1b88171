DROP INDEX "signin_failures_handle_at_idx";--> statement-breakpoint
ALTER TABLE "signin_failures" ADD COLUMN "address" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "signin_failures_address_handle_at_idx" ON "signin_failures" USING btree ("address","handle","at");--> statement-breakpoint
CREATE INDEX "signin_failures_address_at_idx" ON "signin_failures" USING btree ("address","at");