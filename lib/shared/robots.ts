/**
 * A studio is a private workspace behind a shared link: search engines are asked not to index it
 * or follow its links. This header (and the robots meta tag) rather than a robots.txt Disallow,
 * which would also stop the crawlers that draw a pasted link's preview.
 */
export const ROBOTS_HEADER: readonly [name: string, value: string] = ["X-Robots-Tag", "noindex, nofollow"];
