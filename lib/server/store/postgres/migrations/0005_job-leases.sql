ALTER TABLE "generations" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "lease_until" bigint;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "provider_called_at" bigint;--> statement-breakpoint
CREATE INDEX "generations_queued" ON "generations" USING btree ("created_at","id") WHERE "generations"."status" = 'queued';