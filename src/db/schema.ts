import type { Generated, Selectable } from 'kysely';

/**
 * Row types of every table, named by origin (`*Table` = what the database stores). Both dialects store the same
 * shapes: times are ISO-8601 UTC text, booleans are 0/1 integers, structured values are JSON text — see
 * docs/decisions/001-database-layer.md for why.
 */
export interface AccountsTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  author_id: number | null;
  language: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie value; the raw value is never stored
  account_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  account_id: number;
  label: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name_ko: string;
  name_en: string;
  kind: string; // staff | contributor
  organization: string | null;
  bio_ko: string;
  bio_en: string;
  photo_media_id: number | null;
  email: string | null;
  location: string | null;
  created_at: string;
  updated_at: string;
}

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name_ko: string;
  name_en: string;
  parent_id: number | null;
  position: number;
  created_at: string;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: string;
}

export interface MediaTable {
  id: Generated<number>;
  file_name: string; // name under DATA_DIR/media
  original_name: string;
  mime_type: string;
  bytes: number;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  usage_terms: string;
  created_by: number | null;
  created_at: string;
  /** Focal point, 0..1 from the left and from the top (010-media). */
  focal_x: Generated<number>;
  focal_y: Generated<number>;
  /** JSON list of MediaDerivative; '[]' until the derivatives job ran. */
  derivatives: Generated<string>;
  derivatives_at: string | null;
}

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  language: string;
  translation_group: string;
  type: string;
  headline: string;
  dek: string;
  body: string; // JSON: ArticleBlock[]
  section_id: number;
  dateline: string;
  status: string;
  breaking: number;
  featured_media_id: number | null;
  seo_title: string;
  seo_description: string;
  /** OpenGraph share card; empty / null falls back to the SEO fields and the featured image. */
  social_title: Generated<string>;
  social_description: Generated<string>;
  social_media_id: number | null;
  source_name: string | null;
  source_url: string | null;
  revision: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  first_published_at: string | null;
  published_at: string | null;
  /** When the live text last changed after first publication (shown to readers as "Updated"). */
  content_updated_at: string | null;
  scheduled_at: string | null;
  /** Hidden from every public surface until this time, even when published. */
  embargo_until: string | null;
  /** Scheduled unpublish (newsroom): a job takes the article down at this time. */
  unpublish_at: string | null;
}

export interface ArticleSlugsTable {
  slug: string;
  article_id: number;
  created_at: string;
}

export interface ArticleCreditsTable {
  article_id: number;
  position: number;
  name: string;
  role: string;
  organization: string | null;
  email: string | null;
  author_id: number | null;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  position: number;
}

export interface ArticleCorrectionsTable {
  id: Generated<number>;
  article_id: number;
  kind: string; // correction | clarification
  note: string;
  created_at: string;
  created_by: number | null;
}

export interface ArticleRevisionsTable {
  article_id: number;
  revision: number;
  snapshot: string; // JSON of the editable fields at that revision
  created_by: number | null;
  created_at: string;
}

export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: string;
  run_at: string;
  status: string; // pending | running | done | failed
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_at: string | null;
  unique_key: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface EventsTable {
  id: Generated<number>;
  name: string;
  article_id: number | null;
  payload: string;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  account_id: number | null;
  action: string;
  article_id: number | null;
  details: string;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** The search index: tokens made by src/search/tokenizer.ts (FTS5 / tsvector columns live beside it, see src/db/dialects/search-sql.ts). */
export interface SearchDocumentsTable {
  article_id: number;
  language: string;
  headline_tokens: string;
  body_tokens: string;
  choseong_tokens: string;
  /** Publication (or creation) time in epoch seconds, for recency decay and date filters. */
  sort_epoch: number;
  indexed_at: string;
}

/**
 * What ranking, filters, facets and the reader-visibility rule need per indexed article, in a narrow row (migration
 * 012): search joins its candidates here instead of to the wide `articles` and token rows. Derived data, rewritten
 * with the search document in the article's transaction (SearchService.indexArticles).
 */
export interface SearchMetaTable {
  article_id: number;
  status: string;
  embargo_until: string | null;
  language: string;
  section_id: number;
  created_by: number | null;
  /** Same as search_documents.sort_epoch. */
  sort_epoch: number;
  /** YYYY-MM of the publication (creation) date, the month facet. */
  month: string;
}

export interface WireSourcesTable {
  id: Generated<number>;
  name: string;
  format: string; // ninjs | newsml-g2 | nitf | rss | atom
  folder: string | null;
  url: string | null;
  interval_seconds: number;
  push_token_hash: string; // sha256 of the push token; the token itself is shown once
  section_slug: string | null;
  needs_translation: number;
  auto_publish: number;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  next_poll_at: string | null;
  last_error: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface WireItemsTable {
  id: Generated<number>;
  source_id: number;
  guid: string;
  version: number;
  format: string;
  format_version: string | null;
  pub_status: string; // usable | canceled | withheld
  item_class: string;
  urgency: number | null;
  language: string | null;
  headline: string;
  dek: string;
  body: string; // JSON blocks
  credits: string; // JSON
  byline: string | null;
  pictures: string; // JSON
  agency: string | null;
  subjects: string; // JSON
  first_created: string | null;
  version_created: string | null;
  embargo_until: string | null;
  is_correction: number;
  corrects_item_id: number | null;
  superseded_by: number | null; // null: the current version of its GUID
  link: string | null;
  search_text: string; // lower-cased headline, dek, body text and byline for the desk's search
  original_id: number; // the document as received (wire_originals)
  received_at: string;
}

export interface WireQuarantineTable {
  id: Generated<number>;
  source_id: number;
  file_name: string;
  reason: string;
  bytes: number;
  original_id: number;
  received_at: string;
}

export interface WireOriginalsTable {
  id: Generated<number>;
  source_id: number;
  file_name: string;
  content_type: string | null;
  bytes: number;
  content_base64: string;
  received_at: string;
}

export interface WireTakesTable {
  id: Generated<number>;
  wire_item_id: number;
  source_id: number;
  guid: string;
  article_id: number;
  taken_by: number | null;
  created_at: string;
  updated_by_agency_item_id: number | null;
  updated_by_agency_at: string | null;
  killed_at: string | null;
  kill_reason: string | null;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  description: string;
  events: string; // JSON: WebhookEventType[]
  secret: string;
  active: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  message_id: string;
  event_type: string;
  article_id: number | null;
  status: string; // pending | delivered | failed
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewsletterSubscribersTable {
  id: Generated<number>;
  email: string;
  languages: string;
  digest: number;
  alerts: number;
  status: string;
  token: string;
  created_at: string;
  confirmed_at: string | null;
  updated_at: string;
}

export interface NewsletterSendsTable {
  id: Generated<number>;
  kind: string;
  send_key: string;
  language: string;
  article_ids: string;
  status: string;
  created_at: string;
  finished_at: string | null;
}

export interface NewsletterMessagesTable {
  id: Generated<number>;
  send_id: number;
  subscriber_id: number;
  message_id: string;
  status: string;
  locked_at: string | null;
  sent_at: string | null;
}

export interface PushSubscriptionsTable {
  id: Generated<number>;
  endpoint: string;
  p256dh: string;
  auth: string;
  language: string;
  created_at: string;
  updated_at: string;
}

export interface PushDeliveriesTable {
  id: Generated<number>;
  article_id: number;
  subscription_id: number;
  status: string; // pending | sent | gone | failed | skipped
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface DatabaseSchema {
  accounts: AccountsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  authors: AuthorsTable;
  sections: SectionsTable;
  tags: TagsTable;
  media: MediaTable;
  articles: ArticlesTable;
  article_slugs: ArticleSlugsTable;
  article_credits: ArticleCreditsTable;
  article_tags: ArticleTagsTable;
  article_corrections: ArticleCorrectionsTable;
  article_revisions: ArticleRevisionsTable;
  jobs: JobsTable;
  events: EventsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  article_working_copies: ArticleWorkingCopiesTable;
  article_locks: ArticleLocksTable;
  search_documents: SearchDocumentsTable;
  search_meta: SearchMetaTable;
  wire_sources: WireSourcesTable;
  wire_items: WireItemsTable;
  wire_originals: WireOriginalsTable;
  wire_quarantine: WireQuarantineTable;
  wire_takes: WireTakesTable;
  newsletter_subscribers: NewsletterSubscribersTable;
  newsletter_sends: NewsletterSendsTable;
  newsletter_messages: NewsletterMessagesTable;
  account_links: AccountLinksTable;
  push_subscriptions: PushSubscriptionsTable;
  push_deliveries: PushDeliveriesTable;
  front_page_stories: FrontPageStoriesTable;
  front_page_sections: FrontPageSectionsTable;
  breaking_banners: BreakingBannersTable;
}

/** Front-page curation (010-media): the editors' order per language. */
export interface FrontPageStoriesTable {
  language: string;
  article_id: number;
  position: number;
}

export interface FrontPageSectionsTable {
  language: string;
  section_id: number;
  position: number;
}

export interface BreakingBannersTable {
  language: string;
  text: string;
  article_id: number | null;
  expires_at: string;
  updated_by: number | null;
  updated_at: string;
}

/** Rows as read back (generated columns resolved). */
export type AccountRow = Selectable<AccountsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type AuthorRow = Selectable<AuthorsTable>;
export type MediaRow = Selectable<MediaTable>;

/** Autosave: one private working copy per article and account (newsroom). */
export interface ArticleWorkingCopiesTable {
  article_id: number;
  account_id: number;
  /** The article revision the copy was started from (a save from it carries this revision). */
  base_revision: number;
  data: string; // JSON: the editable fields as the editor holds them
  updated_at: string;
}

/** The edit lock: at most one holder per article; it lapses when its heartbeat stops. */
export interface ArticleLocksTable {
  article_id: number;
  account_id: number;
  acquired_at: string;
  expires_at: string;
  /** Who asked the holder to let go (lock request), and when; null when nobody did. */
  requested_by: number | null;
  requested_at: string | null;
}

/** One-time account links (password reset, invitation): only the token's hash is kept; single use, expiring. */
export interface AccountLinksTable {
  id: Generated<number>;
  account_id: number;
  purpose: string; // 'reset' | 'invite'
  token_hash: string;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
