CREATE TABLE `sign_in_attempts` (
	`key` text PRIMARY KEY NOT NULL,
	`wrong_tries` integer NOT NULL,
	`last_try_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_attempts_by_last_try` ON `sign_in_attempts` (`last_try_at`);