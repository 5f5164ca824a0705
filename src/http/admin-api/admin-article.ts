import type { Services } from '../../app.js';
import { listTranslations } from '../../content/article.queries.js';
import type { Article } from '../../content/content.types.js';
import type { AdminApiArticle } from '../serializers.js';
import { toAdminApiArticle } from '../serializers.js';

/** An article as every Admin API route answers it: with its translations' status and any conversion warnings. */
export async function adminArticleResponse(services: Services, article: Article & { warnings?: string[] }): Promise<AdminApiArticle & { warnings?: string[] }> {
  const translations = await listTranslations(services.database.db, article);
  const serialised = toAdminApiArticle(
    article,
    services.config.siteUrl,
    translations.map((t) => ({ id: t.id, language: t.language, status: t.status })),
  );
  return article.warnings ? { ...serialised, warnings: article.warnings } : serialised;
}
