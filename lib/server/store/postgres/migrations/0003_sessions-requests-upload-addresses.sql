CREATE TABLE "revoked_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "client_request_id" text;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "client_ip" text;--> statement-breakpoint
CREATE UNIQUE INDEX "generations_by_client_request" ON "generations" USING btree ("visitor_id","client_request_id") WHERE "generations"."client_request_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "images_uploads_by_client_ip" ON "images" USING btree ("client_ip","created_at") WHERE "images"."client_ip" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "visitors_by_last_seen" ON "visitors" USING btree ("last_seen_at");