"""Build ``corpus/10_crawl_april.warc.gz``: two HTTP responses carrying HTML articles.

The sample corpus ships the generated file too; run this only after editing the pages below:

    .venv/bin/python samples/make_warc.py

Record ids and dates are fixed so the output is byte-for-byte reproducible. The crawl date
(``WARC-Date``, 2026-04-20) is deliberately later than both articles: ingest must date an
article from its page, not from when it was crawled.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUTPUT = Path(__file__).resolve().parent / "corpus" / "10_crawl_april.warc.gz"

LISK_COURIER_ARBITRATION = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Reyd: Marasta will go to arbitration after summit collapse | The Lisk Courier</title>
<meta property="og:site_name" content="The Lisk Courier">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-04-01T16:30:00+02:00">
<link rel="canonical" href="https://www.liskcourier.example/politics/2026/04/01/reyd-arbitration-korvath">
</head>
<body>
<div class="cookie-banner"><p>We use cookies to give you the best experience on our site.</p><button>Accept all</button></div>
<header class="site-header"><a class="logo" href="/">The Lisk Courier</a>
<nav><a href="/">Home</a> <a href="/politics/">Politics</a> <a href="/region/">Region</a></nav></header>
<main><article>
<h1>Reyd: Marasta will go to arbitration after summit collapse</h1>
<p class="byline">By Mira Halden · 1 April 2026</p>
<p>Marasta will ask an international arbitration panel to rule on the Korvath Dam within 30 days, \
Foreign Minister Tomas Reyd said on Wednesday, after Valdoria called off the summit that was announced \
last month.</p>
<p>Reyd told reporters in Lisk that the government had “run out of calendar” and would file its \
request once the cabinet approved it.</p>
<p>We went to every round of talks, we accepted every date that was offered, and we postponed when we \
were asked to postpone. We cannot accept another postponement dressed up as a pause. The river does not \
wait for summits, and neither will Marasta, Reyd said.</p>
<p>The Palace in Tessvik did not respond to a request for comment. Valdorian Foreign Minister Pavel Lenk \
said late Tuesday that the door to talks “remains open”.</p>
<p>Prime Minister Nadiya Korsun, who was due to travel to Port Callis on Friday, will instead visit \
farming communities in the south, her office said.</p>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Copy link</a></div>
</article>
<aside class="related"><h2>Related</h2><ul>
<li><a href="/region/2026/04/16/ferry">Lisk ferry timetable changes from May</a></li>
<li><a href="/business/2026/04/19/fertiliser">Fertiliser costs climb for a third month</a></li>
</ul></aside></main>
<footer><p>© 2026 The Lisk Courier. All rights reserved.</p></footer>
</body>
</html>
"""

HALVERN_BLOG_AFTER_PORT_CALLIS = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>After Port Callis: what the collapse of the dam summit tells us – Halvern Institute</title>
<meta property="og:site_name" content="Halvern Institute for Water Policy">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-04-06T09:00:00+02:00">
<meta name="author" content="Lucia Brandt">
<link rel="canonical" href="https://halvern-institute.example/blog/after-port-callis">
</head>
<body>
<header><a href="/">Halvern Institute for Water Policy</a>
<nav><a href="/research/">Research</a> <a href="/blog/">Blog</a> <a href="/events/">Events</a> \
<a href="/donate/">Support our work</a></nav></header>
<main><article class="post">
<h1>After Port Callis: what the collapse of the dam summit tells us</h1>
<p class="post-meta">By Lucia Brandt, senior fellow, Halvern Institute for Water Policy</p>
<p>The summit between Valdoria and Marasta that was announced on March 2, postponed on March 16 and \
cancelled on March 31 never came close to its real subject: how to share a shrinking river.</p>
<p>Both governments have treated the Korvath Dam as a test of national pride. Local media have reported \
that water prices in southern Marasta have risen by a fifth since January, and in Valdoria the dam's \
hydropower is sold as a symbol of independence.</p>
<p>Prime Minister Nadiya Korsun set out her position in a speech to parliament last week. «We are not \
asking Valdoria for a favour,» she said. «We are asking it to keep its word.»</p>
<p>President Aleksandr Dravic has been just as firm. He told supporters in Tessvik on Saturday that the \
dam was «not for sale».</p>
<p>Arbitration could take years. The 2019 accord gives the panel up to 18 months to rule, and neither \
side has said it would accept a ruling in advance.</p>
<p>There is a better route. Estrava has offered to host talks again, and a smaller meeting of experts, \
not leaders, could agree on the dry-season numbers that the foreign ministers could not. Our institute \
will publish its own flow model next month.</p>
<p class="share">Share this post · Subscribe to our newsletter</p>
</article></main>
<footer><p>Halvern Institute for Water Policy is an independent research group. \
Content licensed CC BY 4.0.</p></footer>
</body>
</html>
"""

# (target URI, crawl time, record id, page)
RESPONSES: tuple[tuple[str, str, str, str], ...] = (
    (
        "https://www.liskcourier.example/politics/2026/04/01/reyd-arbitration-korvath",
        "2026-04-20T03:12:45Z",
        "<urn:uuid:5b0f3d6e-1c1a-4f57-9d1e-0a0000000001>",
        LISK_COURIER_ARBITRATION,
    ),
    (
        "https://halvern-institute.example/blog/after-port-callis",
        "2026-04-20T03:13:02Z",
        "<urn:uuid:5b0f3d6e-1c1a-4f57-9d1e-0a0000000002>",
        HALVERN_BLOG_AFTER_PORT_CALLIS,
    ),
)


def build_warc(output: Path = OUTPUT) -> Path:
    """Write the two responses to ``output`` (gzip per record, as crawlers do) and return it."""
    with output.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, crawled_at, record_id, page in RESPONSES:
            body = page.encode("utf-8")
            http_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": crawled_at, "WARC-Record-ID": record_id},
            )
            writer.write_record(record)
    return output


if __name__ == "__main__":
    print(build_warc())
