ALTER TABLE `generations` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `generations` ADD `provider_called_at` integer;