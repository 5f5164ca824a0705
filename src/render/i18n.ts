import type { ArticleType, CreditRole, Language } from '../content/content.types.js';

/** Every fixed string a reader sees, in both languages. Templates never hard-code reader text. */
type StringKey = 'skipToContent' | 'languageName' | 'otherLanguageName' | 'sections' | 'mainNavigation' | 'weather' | 'advertisement' | 'published' | 'updated' | 'by' | 'and' | 'byline' | 'credits' | 'corrections' | 'correction' | 'clarification' | 'related' | 'readInOtherLanguage' | 'aboutAuthor' | 'latest' | 'topStories' | 'breaking' | 'more' | 'page' | 'previous' | 'next' | 'pagination' | 'notFoundTitle' | 'notFoundText' | 'goneTitle' | 'goneText' | 'frontPage' | 'noArticles' | 'tag' | 'author' | 'photo' | 'source' | 'loadEmbed' | 'embedNotice' | 'openOriginal' | 'dateline' | 'footerNote' | 'footerNoteZone' | 'errorTitle' | 'errorText' | 'tags';
export type Strings = Record<StringKey, string>;

const strings: Record<Language, Strings> = {
  ko: {
    skipToContent: '본문 바로가기',
    languageName: '한국어',
    otherLanguageName: 'English',
    sections: '섹션',
    mainNavigation: '주요 섹션',
    weather: '날씨',
    advertisement: '광고',
    published: '입력',
    updated: '수정',
    by: '',
    and: ', ',
    byline: '기사 작성',
    credits: '취재',
    corrections: '정정 및 해명',
    correction: '정정',
    clarification: '해명',
    related: '관련 기사',
    readInOtherLanguage: '이 기사 영어로 읽기',
    aboutAuthor: '기자 소개',
    latest: '최신 뉴스',
    topStories: '주요 뉴스',
    breaking: '속보',
    more: '더 보기',
    page: '페이지',
    previous: '이전',
    next: '다음',
    pagination: '페이지 이동',
    notFoundTitle: '페이지를 찾을 수 없습니다',
    notFoundText: '주소가 바뀌었거나 삭제된 페이지입니다. 첫 화면이나 아래 섹션에서 기사를 찾아보세요.',
    goneTitle: '더 이상 제공되지 않는 기사입니다',
    goneText: '이 기사는 게시가 취소되었습니다. 첫 화면에서 최신 기사를 확인하세요.',
    frontPage: '첫 화면',
    noArticles: '아직 기사가 없습니다.',
    tag: '태그',
    author: '기자',
    photo: '사진',
    source: '출처',
    loadEmbed: '외부 콘텐츠 불러오기',
    embedNotice: '누르면 외부 사이트의 콘텐츠를 불러옵니다',
    openOriginal: '원본 보기',
    dateline: '',
    footerNote: '모든 시각은 미국 태평양 시간 기준입니다.',
    footerNoteZone: '표시 시각 기준',
    tags: '태그',
    errorTitle: '일시적인 오류입니다',
    errorText: '잠시 후 다시 시도해 주세요.',
  },
  en: {
    skipToContent: 'Skip to content',
    languageName: 'English',
    otherLanguageName: '한국어',
    sections: 'Sections',
    mainNavigation: 'Main sections',
    weather: 'Weather',
    advertisement: 'Advertisement',
    published: 'Published',
    updated: 'Updated',
    by: 'By',
    and: ' and ',
    byline: 'Byline',
    credits: 'Credits',
    corrections: 'Corrections and clarifications',
    correction: 'Correction',
    clarification: 'Clarification',
    related: 'Related stories',
    readInOtherLanguage: 'Read this story in Korean',
    aboutAuthor: 'About the author',
    latest: 'Latest news',
    topStories: 'Top stories',
    breaking: 'Breaking',
    more: 'More',
    page: 'Page',
    previous: 'Previous',
    next: 'Next',
    pagination: 'Pages',
    notFoundTitle: 'Page not found',
    notFoundText: 'The address may have changed or the page was removed. Try the front page or one of the sections below.',
    goneTitle: 'This article is no longer available',
    goneText: 'This article has been unpublished. See the front page for the latest news.',
    frontPage: 'Front page',
    noArticles: 'No articles yet.',
    tag: 'Tag',
    author: 'Author',
    photo: 'Photo',
    source: 'Source',
    loadEmbed: 'Load external content',
    embedNotice: 'Loads content from another site when you press it',
    openOriginal: 'Open original',
    dateline: '',
    footerNote: 'All times are Pacific Time.',
    footerNoteZone: 'Times shown in',
    tags: 'Tags',
    errorTitle: 'Something went wrong',
    errorText: 'Please try again in a moment.',
  },
};

export function t(language: Language): Strings {
  return strings[language];
}

const typeLabels: Record<Language, Record<ArticleType, string>> = {
  ko: { news: '뉴스', analysis: '분석', opinion: '오피니언', review: '리뷰', sponsored: '스폰서 콘텐츠' },
  en: { news: 'News', analysis: 'Analysis', opinion: 'Opinion', review: 'Review', sponsored: 'Sponsored' },
};

export function articleTypeLabel(type: ArticleType, language: Language): string {
  return typeLabels[language][type];
}

const roleLabels: Record<Language, Record<CreditRole, string>> = {
  ko: {
    reporter: '기자',
    writer: '글',
    correspondent: '특파원',
    photographer: '사진기자',
    videographer: '영상기자',
    illustrator: '일러스트',
    translator: '번역',
    editor: '편집',
    columnist: '칼럼니스트',
    contributor: '객원 기고',
  },
  en: {
    reporter: 'reporter',
    writer: 'writer',
    correspondent: 'correspondent',
    photographer: 'photographer',
    videographer: 'videographer',
    illustrator: 'illustrator',
    translator: 'translator',
    editor: 'editor',
    columnist: 'columnist',
    contributor: 'contributor',
  },
};

export function creditRoleLabel(role: CreditRole, language: Language): string {
  return roleLabels[language][role];
}

/** Reader text of search (the header box, the search page and the suggestion list). */
const searchStrings = {
  ko: {
    search: '검색',
    searchLabel: '기사 검색',
    searchPlaceholder: '검색어 또는 초성(ㅂㅎ)',
    searchButton: '검색',
    resultsFor: (q: string, n: number, more = false) => `‘${q}’ 검색 결과 ${n.toLocaleString('ko-KR')}${more ? '+' : ''}건`,
    noResultsFor: (q: string) => `‘${q}’에 대한 검색 결과가 없습니다.`,
    emptyHints: ['단어의 철자를 확인해 보세요.', '더 짧거나 일반적인 단어로 검색해 보세요. 예: 북한군이 → 북한', '따옴표("…")나 빼기(-) 없이 다시 검색해 보세요.'],
    otherLanguage: '영어 기사에서 찾기',
    enterQuery: '찾고 싶은 단어를 입력하세요. 조사가 붙어도, 초성만 입력해도 찾습니다.',
    tips: '여러 단어는 모두 포함된 기사를, "따옴표"는 구절을, -단어는 그 단어가 없는 기사를 찾습니다.',
    language: '언어',
    section: '섹션',
    suggestions: '추천 기사',
    suggestionsCount: (n: number) => `추천 기사 ${n}건`,
  },
  en: {
    search: 'Search',
    searchLabel: 'Search articles',
    searchPlaceholder: 'Words, or Korean initials (ㅂㅎ)',
    searchButton: 'Search',
    resultsFor: (q: string, n: number, more = false) => `${n.toLocaleString('en-US')}${more ? '+' : ''} ${n === 1 && !more ? 'result' : 'results'} for “${q}”`,
    noResultsFor: (q: string) => `No results for “${q}”.`,
    emptyHints: ['Check the spelling.', 'Try fewer or more general words.', 'Search again without "quotes" or -exclusions.'],
    otherLanguage: 'Search Korean articles',
    enterQuery: 'Type the words you are looking for, in English or Korean.',
    tips: 'Several words find articles with all of them; "quotes" find a phrase; -word leaves out articles with that word.',
    language: 'Language',
    section: 'Section',
    suggestions: 'Suggested articles',
    suggestionsCount: (n: number) => `${n} suggested ${n === 1 ? 'article' : 'articles'}`,
  },
} as const;

export function searchT(language: Language): (typeof searchStrings)[Language] {
  return searchStrings[language];
}
