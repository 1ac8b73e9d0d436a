ALTER TABLE "generations" ADD COLUMN "region" jsonb;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "region_outcomes" jsonb;