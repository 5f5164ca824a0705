import type { Language } from '../content/content.types.js';
import type { Section } from '../content/taxonomy.service.js';
import type { WeatherReading } from '../delivery/weather.service.js';

/** What every page template receives besides its own data. Plain data only: render/ never touches the database. */
export interface RenderContext {
  lang: Language;
  siteName: string;
  siteUrl: string;
  timeZone: string;
  now: Date;
  weather: WeatherReading | undefined;
  sections: Section[];
  /** searchJs: the suggestion script, on every page with a search box. */
  assets: { css: string; embedJs: string; favicon: string; searchJs?: string };
  /** The path of this page in the other language, when there is one (the language switch links to it). */
  alternatePath?: string | undefined;
  currentSectionSlug?: string | undefined;
  /** The search page has its own search form; the header's would be a second search landmark. */
  hideHeaderSearch?: boolean;
  /** Show the newsletter sign-up form (only when the site can send mail). */
  newsletterSignup?: boolean;
  /** Web Push opt-in (only when the site has VAPID keys): the key browsers subscribe with, and the script's path. */
  push?: { publicKey: string; script: string } | undefined;
}
