CREATE TABLE "images" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"mime_type" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_cards" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"severity" text DEFAULT 'medium' NOT NULL,
	"happened_on" text,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_receipts" (
	"team_id" text NOT NULL,
	"month" text NOT NULL,
	"key_hash" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_tallies" (
	"team_id" text NOT NULL,
	"month" text NOT NULL,
	"score" integer NOT NULL,
	"count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"admin_token_hash" "bytea" NOT NULL,
	"member_token_hash" "bytea" NOT NULL,
	"next_workshop_at" timestamp with time zone,
	"recurrence" text DEFAULT 'monthly' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scenarios" ADD COLUMN "library_card_id" text;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "team_id" text;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_cards" ADD CONSTRAINT "library_cards_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_receipts" ADD CONSTRAINT "survey_receipts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tallies" ADD CONSTRAINT "survey_tallies_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "images_team_idx" ON "images" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "library_cards_team_idx" ON "library_cards" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_receipts_pk" ON "survey_receipts" USING btree ("team_id","month","key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_tallies_pk" ON "survey_tallies" USING btree ("team_id","month","score");--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scenarios_library_idx" ON "scenarios" USING btree ("library_card_id");