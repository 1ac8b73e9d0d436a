CREATE TABLE "board_images" (
	"board_id" text NOT NULL,
	"image_id" text NOT NULL,
	"added_at" bigint NOT NULL,
	CONSTRAINT "board_images_board_id_image_id_pk" PRIMARY KEY("board_id","image_id")
);
--> statement-breakpoint
CREATE TABLE "boards" (
	"id" text PRIMARY KEY NOT NULL,
	"visitor_id" text NOT NULL,
	"name" text NOT NULL,
	"auto_add" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "favourites" (
	"image_id" text PRIMARY KEY NOT NULL,
	"visitor_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_links" (
	"id" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"visitor_id" text NOT NULL,
	"kind" text NOT NULL,
	"image_id" text,
	"board_id" text,
	"created_at" bigint NOT NULL,
	"revoked_at" bigint,
	CONSTRAINT "share_links_kind" CHECK ("share_links"."kind" IN ('image', 'lineage', 'board')),
	CONSTRAINT "share_links_target" CHECK (("share_links"."kind" = 'board' AND "share_links"."board_id" IS NOT NULL AND "share_links"."image_id" IS NULL)
        OR ("share_links"."kind" <> 'board' AND "share_links"."image_id" IS NOT NULL AND "share_links"."board_id" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "board_images" ADD CONSTRAINT "board_images_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_images" ADD CONSTRAINT "board_images_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favourites" ADD CONSTRAINT "favourites_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favourites" ADD CONSTRAINT "favourites_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_images_by_board" ON "board_images" USING btree ("board_id","added_at","image_id");--> statement-breakpoint
CREATE INDEX "board_images_by_image" ON "board_images" USING btree ("image_id");--> statement-breakpoint
CREATE UNIQUE INDEX "boards_by_visitor_name" ON "boards" USING btree ("visitor_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "boards_auto_add" ON "boards" USING btree ("visitor_id") WHERE "boards"."auto_add";--> statement-breakpoint
CREATE INDEX "favourites_by_visitor" ON "favourites" USING btree ("visitor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_by_token" ON "share_links" USING btree ("token");--> statement-breakpoint
CREATE INDEX "share_links_by_visitor" ON "share_links" USING btree ("visitor_id","created_at");--> statement-breakpoint
CREATE INDEX "share_links_by_board" ON "share_links" USING btree ("board_id") WHERE "share_links"."board_id" IS NOT NULL;