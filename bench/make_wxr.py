#!/usr/bin/env python3
"""Write a large, realistic WordPress export (WXR 1.2) for measuring the importer.

    python bench/make_wxr.py --posts 20000 /tmp/big.xml    # about 100 MB
    /usr/bin/time -v python manage.py import_wordpress /tmp/big.xml --skip-media

Posts have p-less bodies of several paragraphs (some non-ASCII, some [caption]s, some
unknown shortcodes), 1-3 categories from a hierarchy, a few tags, comments, and
statuses in WordPress's usual mix. The text is generated, deterministic (seeded) and
written as a stream, so making a 1 GB file needs no memory either.
"""

import argparse
import random
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

WORDS = [
    "council",
    "mutual",
    "pathfinder",
    "outsourcing",
    "contract",
    "shared",
    "services",
    "digital",
    "programme",
    "procurement",
    "spin-out",
    "staff",
    "ballot",
    "cabinet",
    "office",
    "minister",
    "review",
    "department",
    "budget",
    "savings",
    "supplier",
    "framework",
    "cloud",
    "platform",
    "legacy",
    "system",
    "audit",
    "report",
    "committee",
    "evidence",
    "reform",
    "public",
    "sector",
    "health",
    "care",
    "NHS",
    "trust",
    "social",
    "enterprise",
    "employee",
    "ownership",
    "transition",
    "pilot",
    "scheme",
]
NON_ASCII = ["Реформа", "ΔΗΜΟΣΙΟΣ", "réforme", "Zoë", "改革", "إصلاح"]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng):
    words = rng.choices(WORDS, k=rng.randint(8, 22))
    if rng.random() < 0.1:
        words.insert(rng.randint(0, len(words)), rng.choice(NON_ASCII))
    return " ".join(words).capitalize() + "."


def body(rng, post_id, base):
    paragraphs = []
    for _ in range(rng.randint(5, 9)):
        lines = [" ".join(sentence(rng) for _ in range(rng.randint(2, 5)))]
        if rng.random() < 0.2:
            lines.append(sentence(rng))  # a single newline: a <br>
        paragraphs.append("\n".join(lines))
    if rng.random() < 0.2:
        paragraphs.insert(
            1,
            f'[caption id="attachment_{post_id}" align="alignnone" width="300"]'
            f'<img src="{base}/wp-content/uploads/2015/01/photo-{post_id}.jpg" '
            f'alt="Photo {post_id}" width="300" height="200" /> {sentence(rng)}[/caption]',
        )
    if rng.random() < 0.1:
        paragraphs.append('[gallery ids="1,2,3"]')
    if rng.random() < 0.1:
        paragraphs.append("<ul>\n<li>" + "</li>\n<li>".join(WORDS[:4]) + "</li>\n</ul>")
    return "\n\n".join(paragraphs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--posts", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2012)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = "https://bench.example"
    authors = [f"writer{n}" for n in range(12)]
    parents = [f"topic-{n}" for n in range(10)]
    children = [(f"topic-{n % 10}-sub-{n}", f"topic-{n % 10}") for n in range(40)]
    tags = [f"tag-{n}" for n in range(400)]
    start = datetime(2008, 1, 1, 9, 0)

    with open(args.output, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
            '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n'
            f"\t<title>Benchmark blog</title>\n\t<link>{base}</link>\n"
            "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"\t<wp:base_site_url>{base}</wp:base_site_url>\n"
            f"\t<wp:base_blog_url>{base}</wp:base_blog_url>\n"
        )
        for n, login in enumerate(authors, start=1):
            out.write(
                f"\t<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{cdata(login)}"
                f"</wp:author_login><wp:author_display_name>{cdata(f'Writer {n}')}"
                "</wp:author_display_name></wp:author>\n"
            )
        for slug in parents:
            out.write(
                f"\t<wp:category><wp:category_nicename>{slug}</wp:category_nicename>"
                f"<wp:category_parent></wp:category_parent><wp:cat_name>"
                f"{cdata(slug.replace('-', ' ').title())}</wp:cat_name></wp:category>\n"
            )
        for slug, parent in children:
            out.write(
                f"\t<wp:category><wp:category_nicename>{slug}</wp:category_nicename>"
                f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name>"
                f"{cdata(slug.replace('-', ' ').title())}</wp:cat_name></wp:category>\n"
            )
        for slug in tags:
            out.write(
                f"\t<wp:tag><wp:tag_slug>{slug}</wp:tag_slug><wp:tag_name>"
                f"{cdata(slug.replace('-', ' ').title())}</wp:tag_name></wp:tag>\n"
            )
        for post_id in range(1, args.posts + 1):
            when = start + timedelta(hours=post_id * 4, minutes=rng.randint(0, 59))
            title = sentence(rng)[:-1][:90]
            slug = f"{'-'.join(title.lower().split()[:6])}-{post_id}"
            status = rng.choices(["publish", "draft", "future", "private"], [90, 6, 2, 2])[0]
            categories = "".join(
                f'\t\t<category domain="category" nicename="{slug_}">'
                f"{cdata(slug_.replace('-', ' ').title())}</category>\n"
                for slug_, _ in rng.sample(children, rng.randint(1, 2))
            ) + "".join(
                f'\t\t<category domain="post_tag" nicename="{tag}">'
                f"{cdata(tag.replace('-', ' ').title())}</category>\n"
                for tag in rng.sample(tags, rng.randint(0, 5))
            )
            comments = "".join(
                f"\t\t<wp:comment><wp:comment_id>{post_id * 10 + c}</wp:comment_id>"
                f"<wp:comment_author>{cdata('Reader')}</wp:comment_author>"
                f"<wp:comment_content>{cdata(sentence(rng))}</wp:comment_content>"
                "</wp:comment>\n"
                for c in range(rng.choice([0, 0, 0, 1, 2, 5]))
            )
            out.write(
                "\t<item>\n"
                f"\t\t<title>{escape(title)}</title>\n"
                f"\t\t<link>{base}/{when:%Y/%m/%d}/{slug}/</link>\n"
                f"\t\t<dc:creator>{cdata(rng.choice(authors))}</dc:creator>\n"
                f'\t\t<guid isPermaLink="false">{base}/?p={post_id}</guid>\n'
                f"\t\t<content:encoded>{cdata(body(rng, post_id, base))}</content:encoded>\n"
                f"\t\t<excerpt:encoded>{cdata('')}</excerpt:encoded>\n"
                f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
                f"\t\t<wp:post_date>{cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:post_date>\n"
                f"\t\t<wp:post_date_gmt>{cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:post_date_gmt>\n"
                f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n"
                f"\t\t<wp:status>{cdata(status)}</wp:status>\n"
                "\t\t<wp:post_parent>0</wp:post_parent>\n"
                f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n"
                f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n"
                f"\t\t<wp:is_sticky>{1 if post_id % 5000 == 0 else 0}</wp:is_sticky>\n"
                f"{categories}{comments}"
                "\t</item>\n"
            )
        out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
