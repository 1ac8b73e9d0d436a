CREATE TABLE `board_images` (
	`board_id` text NOT NULL,
	`image_id` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`board_id`, `image_id`),
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`image_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `board_images_by_board` ON `board_images` (`board_id`,`added_at`,`image_id`);--> statement-breakpoint
CREATE INDEX `board_images_by_image` ON `board_images` (`image_id`);--> statement-breakpoint
CREATE TABLE `boards` (
	`id` text PRIMARY KEY NOT NULL,
	`visitor_id` text NOT NULL,
	`name` text NOT NULL,
	`auto_add` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `boards_by_visitor_name` ON `boards` (`visitor_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `boards_auto_add` ON `boards` (`visitor_id`) WHERE "boards"."auto_add" = 1;--> statement-breakpoint
CREATE TABLE `favourites` (
	`image_id` text PRIMARY KEY NOT NULL,
	`visitor_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`image_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `favourites_by_visitor` ON `favourites` (`visitor_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `share_links` (
	`id` text PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`visitor_id` text NOT NULL,
	`kind` text NOT NULL,
	`image_id` text,
	`board_id` text,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`image_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "share_links_kind" CHECK("share_links"."kind" IN ('image', 'lineage', 'board')),
	CONSTRAINT "share_links_target" CHECK(("share_links"."kind" = 'board' AND "share_links"."board_id" IS NOT NULL AND "share_links"."image_id" IS NULL)
      OR ("share_links"."kind" <> 'board' AND "share_links"."image_id" IS NOT NULL AND "share_links"."board_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `share_links_by_token` ON `share_links` (`token`);--> statement-breakpoint
CREATE INDEX `share_links_by_visitor` ON `share_links` (`visitor_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `share_links_by_board` ON `share_links` (`board_id`) WHERE "share_links"."board_id" IS NOT NULL;