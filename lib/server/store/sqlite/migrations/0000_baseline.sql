CREATE TABLE `generations` (
	`id` text PRIMARY KEY NOT NULL,
	`visitor_id` text NOT NULL,
	`model` text NOT NULL,
	`prompt` text NOT NULL,
	`parameters` text NOT NULL,
	`input_image_ids` text NOT NULL,
	`status` text NOT NULL,
	`error_code` text,
	`error_message` text,
	`credits_used` real,
	`seed` integer,
	`provider_request_id` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`retry_of` text,
	`client_ip` text,
	`deleted_at` integer,
	`replay_of` text,
	`replay_plan` text,
	`client_request_id` text,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retry_of`) REFERENCES `generations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replay_of`) REFERENCES `generations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "generations_parameters_json" CHECK(json_valid("generations"."parameters")),
	CONSTRAINT "generations_inputs_array" CHECK(json_type("generations"."input_image_ids") = 'array'),
	CONSTRAINT "generations_status" CHECK("generations"."status" IN ('queued', 'running', 'succeeded', 'failed', 'canceled', 'interrupted')),
	CONSTRAINT "generations_replay_plan_array" CHECK("generations"."replay_plan" IS NULL OR json_type("generations"."replay_plan") = 'array')
);
--> statement-breakpoint
CREATE INDEX `generations_by_visitor` ON `generations` (`visitor_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `generations_unfinished` ON `generations` (`status`) WHERE "generations"."status" IN ('queued', 'running');--> statement-breakpoint
CREATE INDEX `generations_by_client_ip` ON `generations` (`client_ip`,`created_at`) WHERE "generations"."client_ip" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `generations_by_created_at` ON `generations` (`created_at`);--> statement-breakpoint
CREATE INDEX `generations_holding_replay_plan` ON `generations` (`status`) WHERE "generations"."replay_plan" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `generations_edits_by_visitor` ON `generations` (`visitor_id`) WHERE "generations"."input_image_ids" <> '[]';--> statement-breakpoint
CREATE UNIQUE INDEX `generations_by_client_request` ON `generations` (`visitor_id`,`client_request_id`) WHERE "generations"."client_request_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `images` (
	`id` text PRIMARY KEY NOT NULL,
	`visitor_id` text NOT NULL,
	`origin` text NOT NULL,
	`generation_id` text,
	`output_index` integer,
	`file_name` text,
	`blob_key` text NOT NULL,
	`mime` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`seed` integer,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	`client_ip` text,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`generation_id`) REFERENCES `generations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "images_origin" CHECK("images"."origin" IN ('upload', 'output')),
	CONSTRAINT "images_mime" CHECK("images"."mime" IN ('image/png', 'image/jpeg', 'image/webp')),
	CONSTRAINT "images_width" CHECK("images"."width" > 0),
	CONSTRAINT "images_height" CHECK("images"."height" > 0),
	CONSTRAINT "images_bytes" CHECK("images"."bytes" > 0),
	CONSTRAINT "images_origin_fields" CHECK(("images"."origin" = 'upload' AND "images"."generation_id" IS NULL AND "images"."output_index" IS NULL)
      OR ("images"."origin" = 'output' AND "images"."generation_id" IS NOT NULL AND "images"."output_index" IS NOT NULL AND "images"."output_index" >= 0))
);
--> statement-breakpoint
CREATE INDEX `images_by_visitor` ON `images` (`visitor_id`,`origin`,`created_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `images_by_generation` ON `images` (`generation_id`,`output_index`) WHERE "images"."generation_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `images_by_blob` ON `images` (`blob_key`);--> statement-breakpoint
CREATE INDEX `images_uploads_by_client_ip` ON `images` (`client_ip`,`created_at`) WHERE "images"."client_ip" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `revoked_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visitors` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visitors_by_last_seen` ON `visitors` (`last_seen_at`);