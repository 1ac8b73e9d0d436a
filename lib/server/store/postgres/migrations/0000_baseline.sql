CREATE TABLE "generations" (
	"id" text PRIMARY KEY NOT NULL,
	"visitor_id" text NOT NULL,
	"model" text NOT NULL,
	"prompt" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"input_image_ids" jsonb NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"error_message" text,
	"credits_used" double precision,
	"seed" bigint,
	"provider_request_id" text,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint,
	"retry_of" text,
	"client_ip" text,
	"deleted_at" bigint,
	"replay_of" text,
	"replay_plan" jsonb,
	CONSTRAINT "generations_parameters_object" CHECK (jsonb_typeof("generations"."parameters") = 'object'),
	CONSTRAINT "generations_inputs_array" CHECK (jsonb_typeof("generations"."input_image_ids") = 'array'),
	CONSTRAINT "generations_status" CHECK ("generations"."status" IN ('queued', 'running', 'succeeded', 'failed', 'canceled', 'interrupted')),
	CONSTRAINT "generations_replay_plan_array" CHECK ("generations"."replay_plan" IS NULL OR jsonb_typeof("generations"."replay_plan") = 'array')
);
--> statement-breakpoint
CREATE TABLE "images" (
	"id" text PRIMARY KEY NOT NULL,
	"visitor_id" text NOT NULL,
	"origin" text NOT NULL,
	"generation_id" text,
	"output_index" integer,
	"file_name" text,
	"blob_key" text NOT NULL,
	"mime" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"seed" bigint,
	"created_at" bigint NOT NULL,
	"deleted_at" bigint,
	CONSTRAINT "images_origin" CHECK ("images"."origin" IN ('upload', 'output')),
	CONSTRAINT "images_mime" CHECK ("images"."mime" IN ('image/png', 'image/jpeg', 'image/webp')),
	CONSTRAINT "images_width" CHECK ("images"."width" > 0),
	CONSTRAINT "images_height" CHECK ("images"."height" > 0),
	CONSTRAINT "images_bytes" CHECK ("images"."bytes" > 0),
	CONSTRAINT "images_origin_fields" CHECK (("images"."origin" = 'upload' AND "images"."generation_id" IS NULL AND "images"."output_index" IS NULL)
        OR ("images"."origin" = 'output' AND "images"."generation_id" IS NOT NULL AND "images"."output_index" IS NOT NULL AND "images"."output_index" >= 0))
);
--> statement-breakpoint
CREATE TABLE "quota_gate" (
	"id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visitors" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_retry_of_generations_id_fk" FOREIGN KEY ("retry_of") REFERENCES "public"."generations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_replay_of_generations_id_fk" FOREIGN KEY ("replay_of") REFERENCES "public"."generations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generations_by_visitor" ON "generations" USING btree ("visitor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "generations_unfinished" ON "generations" USING btree ("status") WHERE "generations"."status" IN ('queued', 'running');--> statement-breakpoint
CREATE INDEX "generations_by_client_ip" ON "generations" USING btree ("client_ip","created_at") WHERE "generations"."client_ip" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "generations_by_created_at" ON "generations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "generations_holding_replay_plan" ON "generations" USING btree ("status") WHERE "generations"."replay_plan" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "generations_inputs" ON "generations" USING gin ("input_image_ids");--> statement-breakpoint
CREATE INDEX "images_by_visitor" ON "images" USING btree ("visitor_id","origin","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "images_by_generation" ON "images" USING btree ("generation_id","output_index") WHERE "images"."generation_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "images_by_blob" ON "images" USING btree ("blob_key");