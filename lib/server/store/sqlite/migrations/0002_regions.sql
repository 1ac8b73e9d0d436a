ALTER TABLE `generations` ADD `region` text;--> statement-breakpoint
ALTER TABLE `generations` ADD `region_outcomes` text;