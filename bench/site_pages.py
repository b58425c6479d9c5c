"""Article pages as a news site serves them, for the ingest benchmark.

A crawler never downloads an article alone: it downloads the site's page around it — head metadata,
inline CSS and scripts, JSON-LD, navigation menus, share bars, picture markup, inline related links
and ad slots in the body, most-read and related-story rails, comments, a footer of link columns. That
furniture is what trafilatura spends its time removing, so a benchmark on bare `<p>` markup measures
an extraction cost no real page has. `site_page` wraps an article in furniture of the size and shape
of a modest news article page (about 36 KB and 700 elements for a 1,400-character article; large
publishers' pages often carry several times that), `bare_page` gives the article markup alone.
Everything is drawn from one seed, so the pages are the same on every run.
"""

from __future__ import annotations

import html
import random

from ingest.nlp.languages import word_set

_WORDS = sorted(word_set(
    "minister talks strike region border army leaders crisis markets oil prices election court police "
    "protest city council storm flood health hospital budget school teachers union rail airport energy "
    "climate summit trade tariffs rates bank inflation housing rents farmers water drought fire village "
    "coast ferry bridge road plan deal vote party opposition report inquiry victims families rescue "
    "season final coach injury transfer record festival museum film music book award science space"
))
_SECTIONS = ("World", "Politics", "Business", "Markets", "Climate", "Health", "Science", "Technology",
             "Culture", "Sport", "Opinion", "Video")
_CSS_RULE = ".c{i}{{margin:0 auto;padding:{i}px 8px;font:16px/1.4 Georgia,serif;color:#1a1a1a}}"
_TRACKING = ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
             "gtag('js',new Date());gtag('config','G-DEMO',{anonymize_ip:true});")


def _headline(rng: random.Random, words: int = 9) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize()


def _links(rng: random.Random, count: int, prefix: str) -> str:
    return "".join(f"<li><a href='/{prefix}/{rng.randrange(10**6)}'>{_headline(rng, rng.randint(1, 3))}</a></li>"
                   for _ in range(count))


def _teasers(rng: random.Random, count: int, css: str) -> str:
    items = "".join(
        f"<li class='{css}__item'><a href='/news/{rng.randrange(10**7)}'><picture><source srcset='/i/{i}.webp' "
        f"type='image/webp'><img src='/i/{i}.jpg' alt='' width='240' height='135' loading='lazy'></picture>"
        f"<h3 class='{css}__title'>{_headline(rng)}</h3></a><span class='{css}__meta'><time>"
        f"{rng.randint(1, 23)} hours ago</time> · {rng.choice(_SECTIONS)}</span></li>"
        for i in range(count))
    return f"<ul class='{css}'>{items}</ul>"


def _head(rng: random.Random, title: str, published: str) -> str:
    metas = "".join(f"<meta name='keywords-{i}' content='{_headline(rng, 6)}'>" for i in range(8))
    return (
        f"<head><meta charset='utf-8'><title>{title} | The Daily Ledger</title>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<meta name='description' content='{_headline(rng, 20)}'><meta property='og:title' content='{title}'>"
        f"<meta property='og:type' content='article'><meta property='og:image' content='/i/lead.jpg'>"
        f"<meta name='twitter:card' content='summary_large_image'><meta property='article:section' "
        f"content='World'><meta property='article:published_time' content='{published}'>{metas}"
        "<link rel='canonical' href='/news/story'><link rel='preload' href='/f/serif.woff2' as='font'>"
        "<link rel='stylesheet' href='/css/site.css'><link rel='stylesheet' href='/css/article.css'>"
        "<style>" + "".join(_CSS_RULE.format(i=i) for i in range(120)) + "</style>"
        "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
        f"\"headline\":\"{title}\",\"datePublished\":\"{published}\",\"publisher\":{{\"@type\":"
        "\"Organization\",\"name\":\"The Daily Ledger\"}}</script>"
        f"<script>{_TRACKING * 12}</script></head>"
    )


def _header(rng: random.Random) -> str:
    menus = "".join(f"<li class='nav__section'><a href='/{s.lower()}'>{s}</a><ul class='nav__sub'>"
                    f"{_links(rng, 7, s.lower())}</ul></li>" for s in _SECTIONS)
    return (
        "<div class='consent'><p>We use cookies to improve your experience and to show you relevant "
        "advertising. You can change your choices at any time.</p><button>Accept all</button>"
        "<button>Manage preferences</button></div>"
        "<header class='masthead'><a class='logo' href='/'>The Daily Ledger</a><form class='search' "
        "action='/search'><input name='q' placeholder='Search'><button>Go</button></form>"
        f"<nav class='nav'><ul>{menus}</ul></nav><div class='trending'><span>Trending:</span><ul>"
        f"{_links(rng, 6, 'topic')}</ul></div></header>"
        f"<ol class='breadcrumb'><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ol>"
    )


def _body(rng: random.Random, paragraphs: list[str]) -> str:
    parts = []
    for k, para in enumerate(paragraphs):
        parts.append(f"<p>{html.escape(para, quote=False)}</p>")
        if k == 1:
            parts.append(f"<p class='read-more'><strong>Read more:</strong> <a href='/news/{rng.randrange(10**6)}'>"
                         f"{_headline(rng)}</a></p>")
        if k == 3:
            parts.append("<div class='ad-slot' data-slot='mid-article'><span>Advertisement</span></div>")
    return "".join(parts)


def _rails(rng: random.Random) -> str:
    comments = "".join(f"<li class='comment'><b>reader{rng.randrange(10**4)}</b><p>{_headline(rng, 25)}</p>"
                       f"<a href='#reply'>Reply</a> <a href='#report'>Report</a></li>" for _ in range(6))
    return (
        f"<aside class='rail'><h2>Most read</h2>{_teasers(rng, 10, 'mostread')}"
        "<div class='ad-slot' data-slot='rail'><span>Advertisement</span></div></aside>"
        f"<section class='related'><h2>More on this story</h2>{_teasers(rng, 8, 'related')}</section>"
        f"<section class='sponsored'><h2>From around the web</h2>{_teasers(rng, 6, 'sponsored')}</section>"
        f"<section class='comments'><h2>Comments (214)</h2><ul>{comments}</ul></section>"
    )


def _footer(rng: random.Random) -> str:
    columns = "".join(f"<div class='footer__col'><h4>{s}</h4><ul>{_links(rng, 8, s.lower())}</ul></div>"
                      for s in _SECTIONS[:6])
    return (
        f"<footer class='footer'>{columns}<ul class='social'>{_links(rng, 6, 'follow')}</ul>"
        "<p>© The Daily Ledger. All rights reserved. Registered office: 1 Ledger Square.</p>"
        f"<ul class='legal'>{_links(rng, 7, 'legal')}</ul></footer>"
        "<script src='/js/vendor.js' defer></script><script src='/js/article.js' defer></script>"
        f"<script>{_TRACKING * 6}</script>"
    )


def site_page(title: str, published: str, paragraphs: list[str], seed: int) -> str:
    """The article inside a news site's page furniture."""
    rng = random.Random(seed)
    safe = html.escape(title)
    article = (
        f"<article><p class='kicker'>World</p><h1>{safe}</h1><p class='standfirst'>{_headline(rng, 18)}</p>"
        f"<div class='byline'>By <a href='/profile/staff'>Staff reporter</a> · <time datetime='{published}'>"
        f"{published[:10]}</time></div><ul class='share'>{_links(rng, 6, 'share')}</ul>"
        "<figure><picture><source srcset='/i/lead.webp' type='image/webp'><img src='/i/lead.jpg' alt='' "
        "width='1024' height='576'></picture><figcaption>The scene on Friday. Photograph: Agency</figcaption>"
        f"</figure>{_body(rng, paragraphs)}<ul class='tags'>{_links(rng, 5, 'tag')}</ul></article>"
    )
    return (f"<!doctype html><html lang='en'>{_head(rng, safe, published)}<body>{_header(rng)}"
            f"<main>{article}{_rails(rng)}</main>{_footer(rng)}</body></html>")


def bare_page(title: str, published: str, paragraphs: list[str]) -> str:
    """The article markup alone, with a token navigation bar and footer."""
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    safe = html.escape(title)
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{safe}</title>"
            f"<meta property='article:published_time' content='{published}'></head><body>"
            f"<nav><a href='/'>Home</a> · <a href='/world'>World</a></nav><article><h1>"
            f"{safe}</h1>{body}</article><footer>© Demo</footer></body></html>")
