CREATE TABLE "sign_in_attempts" (
	"key" text PRIMARY KEY NOT NULL,
	"wrong_tries" integer NOT NULL,
	"last_try_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sign_in_attempts_by_last_try" ON "sign_in_attempts" USING btree ("last_try_at");