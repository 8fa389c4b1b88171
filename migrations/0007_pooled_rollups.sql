CREATE TABLE "pooled_calibration_rollups" (
	"p" double precision PRIMARY KEY NOT NULL,
	"n" integer NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pooled_recalibration_rollups" (
	"w" double precision NOT NULL,
	"u" double precision NOT NULL,
	"x" double precision NOT NULL,
	"o" double precision NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "pooled_recalibration_rollups_w_u_x_o_pk" PRIMARY KEY("w","u","x","o")
);
--> statement-breakpoint
INSERT INTO "pooled_calibration_rollups" ("p", "n", "hits")
	SELECT "p", sum("n")::int, sum("hits")::int FROM "calibration_rollups" GROUP BY "p";--> statement-breakpoint
INSERT INTO "pooled_recalibration_rollups" ("w", "u", "x", "o", "n")
	SELECT "w", "u", "x", "o", sum("n")::int FROM "recalibration_rollups" GROUP BY "w", "u", "x", "o";
