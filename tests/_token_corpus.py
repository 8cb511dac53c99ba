"""Texts with their real token counts, for the accuracy tests of the fake's token estimate.

Written for these tests: ordinary prompts and payloads in six kinds (English, code, JSON, URLs,
German, Japanese). The counts are tiktoken's (0.14.0) with the o200k_base and cl100k_base files
whose SHA-256 tiktoken checks; tests/test_tokens.py recounts them whenever it runs. ``FITTED``
set the estimate's rates, ``HELD_OUT`` only checks them (docs/token-counts.md).
"""

from __future__ import annotations

from typing import NamedTuple


class Sample(NamedTuple):
    kind: str
    text: str
    o200k: int
    cl100k: int


FITTED: tuple[Sample, ...] = (
    Sample("english", "What is the capital of France?", 7, 7),
    Sample("english", "Hello!", 2, 2),
    Sample(
        "english",
        "You are a helpful assistant. Answer the user's questions concisely and cite your sources when you can.",
        21,
        22,
    ),
    Sample(
        "english",
        "Summarize the following meeting notes in three bullet points, keeping names and dates exactly as written.",
        20,
        20,
    ),
    Sample("english", "Please translate 'Good morning, how are you today?' into Spanish.", 14, 14),
    Sample(
        "english",
        "My order #48213 arrived on March 3rd, 2024, but the package was damaged. Can I get a refund of $59.99?",
        33,
        33,
    ),
    Sample(
        "english",
        "Weather forecasting has improved steadily over the last fifty years. A five-day forecast today is about as accurate as a one-day forecast was in 1980, thanks to better satellites, denser networks of ground stations and far more computing power. Still, small errors in the starting conditions grow quickly, so forecasts beyond ten days remain uncertain.",
        67,
        67,
    ),
    Sample(
        "english",
        "The pharmacokinetics of the compound were characterized using non-compartmental analysis; bioavailability was approximately 42% and the terminal half-life ranged from 6.5 to 9.1 hours.",
        42,
        41,
    ),
    Sample("english", "Write a short poem about autumn leaves falling in a quiet park.", 13, 13),
    Sample("english", "I'm not sure I understand. Could you explain it again, step by step, with an example?", 20, 21),
    Sample("code", "print('hello, world')", 6, 6),
    Sample(
        "code",
        "def fibonacci(n: int) -> int:\n    if n < 2:\n        return n\n    return fibonacci(n - 1) + fibonacci(n - 2)\n",
        35,
        35,
    ),
    Sample(
        "code",
        "const response = await fetch(`/api/users/${userId}`, {\n  method: 'GET',\n  headers: { 'Content-Type': 'application/json' },\n});\nconst data = await response.json();",
        40,
        39,
    ),
    Sample(
        "code",
        "SELECT customer_id, COUNT(*) AS orders, SUM(total_amount) AS revenue\nFROM orders\nWHERE created_at >= '2024-01-01'\nGROUP BY customer_id\nORDER BY revenue DESC\nLIMIT 10;",
        45,
        45,
    ),
    Sample(
        "code",
        'class Inventory:\n    """Items in stock, by SKU."""\n\n    def __init__(self) -> None:\n        self._items: dict[str, int] = {}\n\n    def add(self, sku: str, quantity: int = 1) -> None:\n        self._items[sku] = self._items.get(sku, 0) + quantity\n',
        74,
        74,
    ),
    Sample("code", "find . -name '*.log' -mtime +7 -exec rm {} \\;", 17, 17),
    Sample(
        "code",
        'fn main() {\n    let numbers = vec![3, 1, 4, 1, 5, 9];\n    let total: i32 = numbers.iter().sum();\n    println!("total = {}", total);\n}',
        48,
        48,
    ),
    Sample(
        "code",
        '<div class="card">\n  <h2>{{ title }}</h2>\n  <p class="muted">{{ summary }}</p>\n  <a href="/posts/{{ slug }}">Read more</a>\n</div>',
        44,
        44,
    ),
    Sample(
        "code",
        "import numpy as np\n\nx = np.linspace(0, 2 * np.pi, 100)\ny = np.sin(x) ** 2 + np.cos(x) ** 2\nassert np.allclose(y, 1.0)",
        50,
        50,
    ),
    Sample(
        "code",
        "for (let i = 0; i < items.length; i++) {\n  if (items[i].price > maxPrice) {\n    maxPrice = items[i].price;\n  }\n}",
        40,
        40,
    ),
    Sample("json", '{"location":"Paris, France","unit":"celsius"}', 12, 12),
    Sample("json", '{"name": "Ada Lovelace", "born": 1815, "languages": ["en", "fr"]}', 26, 25),
    Sample(
        "json",
        '{\n  "id": "ord_7Hq2kLm9",\n  "status": "shipped",\n  "items": [\n    {"sku": "A-1042", "quantity": 2, "price": 19.99},\n    {"sku": "B-2210", "quantity": 1, "price": 5.5}\n  ],\n  "gift": false,\n  "note": null\n}',
        92,
        93,
    ),
    Sample(
        "json",
        '{"type": "object", "properties": {"city": {"type": "string", "description": "The city to look up"}, "days": {"type": "integer", "minimum": 1, "maximum": 14}}, "required": ["city"], "additionalProperties": false}',
        61,
        61,
    ),
    Sample("json", "[12, 7, 3.5, 1000000, -42, 0.001, 88, 19]", 30, 30),
    Sample(
        "json",
        '{"user_id":"3f2b8c1e-9d4a-4e7b-a1c2-5f6e7d8c9b0a","session":"a91c0f3d","active":true,"score":0.8731}',
        61,
        61,
    ),
    Sample("json", '{"query": "best hiking trails near Zurich", "max_results": 5}', 17, 17),
    Sample(
        "json",
        '{"results": [{"title": "Getting started", "url": "https://example.com/start", "rank": 1}, {"title": "FAQ", "url": "https://example.com/faq", "rank": 2}]}',
        50,
        50,
    ),
    Sample(
        "json",
        '{"error": {"message": "Rate limit exceeded. Please retry after 20 seconds.", "type": "rate_limit_error", "code": 429}}',
        32,
        32,
    ),
    Sample("url", "https://example.com/docs/getting-started?lang=en&ref=nav", 16, 16),
    Sample("url", "https://api.openai.com/v1/chat/completions", 12, 12),
    Sample("url", "https://www.google.com/search?q=openai+fakes+python&hl=en", 17, 16),
    Sample("url", "https://github.com/openai/openai-python/blob/main/README.md", 14, 14),
    Sample("url", "https://en.wikipedia.org/wiki/Tokenization_(lexical_analysis)", 14, 13),
    Sample(
        "url",
        "https://storage.example.net/bucket/images/2024/06/photo_8431.jpg?X-Amz-Expires=3600&X-Amz-Signature=4f9a2c7e1b3d5f60a8c9e2d4b6f7a1c3",
        66,
        66,
    ),
    Sample("url", "http://localhost:8080/api/v2/users/12345/orders?page=2&per_page=50", 22, 22),
    Sample("url", "See https://docs.python.org/3/library/re.html for the details.", 15, 15),
    Sample("url", "https://shop.example.co.uk/products/wireless-noise-cancelling-headphones-black", 18, 18),
    Sample("german", "Wie spät ist es in Berlin?", 7, 8),
    Sample("german", "Grüße aus München!", 6, 6),
    Sample(
        "german", "Bitte fasse den folgenden Text in drei Sätzen zusammen und nenne die wichtigsten Zahlen.", 17, 22
    ),
    Sample(
        "german",
        "Sehr geehrte Damen und Herren, hiermit kündige ich meinen Vertrag fristgerecht zum Monatsende.",
        21,
        28,
    ),
    Sample("german", "Die Bundesregierung hat am Mittwoch ein neues Klimaschutzgesetz verabschiedet.", 15, 24),
    Sample("german", "Können Sie mir erklären, wie die Rechtschreibprüfung in diesem Programm funktioniert?", 18, 22),
    Sample(
        "german",
        "Die Donaudampfschifffahrtsgesellschaft wurde 1829 gegründet und war lange Zeit die größte Binnenreederei der Welt.",
        28,
        36,
    ),
    Sample(
        "german",
        "Im Sommer fahren wir meistens an die Ostsee. Die Kinder spielen am Strand, und abends essen wir Fischbrötchen am Hafen. Wenn das Wetter schlecht ist, gehen wir ins Museum oder bleiben einfach in der Ferienwohnung und lesen.",
        48,
        58,
    ),
    Sample("german", "Ich hätte gern zwei Brötchen und einen Kaffee mit Milch, bitte.", 15, 19),
    Sample("japanese", "フランスの首都はどこですか？", 12, 12),
    Sample("japanese", "今日の天気はどうですか？", 9, 11),
    Sample("japanese", "この文章を英語に翻訳してください：「明日は雨が降るかもしれません。」", 21, 34),
    Sample("japanese", "以下の文章を三つの箇条書きで要約してください。", 17, 20),
    Sample("japanese", "東京都渋谷区にある新しいカフェに行きました。コーヒーがとても美味しかったです。", 29, 39),
    Sample("japanese", "コンピューターソフトウェアエンジニアとしてのキャリアについて教えてください。", 22, 35),
    Sample("japanese", "iPhone 15の価格は約12万円です。", 12, 14),
    Sample(
        "japanese",
        "日本の四季はそれぞれ美しいです。春には桜が咲き、夏は祭りや花火大会が各地で開かれます。秋は紅葉が山を彩り、冬には雪景色を楽しむことができます。",
        60,
        86,
    ),
    Sample("japanese", "明日の会議は午後三時からに変更になりました。資料の準備をお願いします。", 21, 37),
)


HELD_OUT: tuple[Sample, ...] = (
    Sample("english", "Can you recommend a good book about the history of mathematics?", 12, 12),
    Sample(
        "english",
        "Rewrite this email so it sounds more polite: I need the report by Friday or we will miss the deadline.",
        22,
        23,
    ),
    Sample("english", "Explain the difference between a list and a tuple in Python to a beginner.", 15, 16),
    Sample(
        "english",
        "The committee reviewed 14 proposals and approved three of them, citing budget constraints and the need for independent evaluation.",
        22,
        22,
    ),
    Sample("english", "Thanks, that worked!", 5, 5),
    Sample(
        "english",
        "Classify the sentiment of each review below as positive, negative or neutral, and give a one-sentence justification.",
        23,
        23,
    ),
    Sample("code", "x = [i * i for i in range(10) if i % 2 == 0]", 22, 22),
    Sample("code", 'public static void main(String[] args) {\n    System.out.println("Hello, World!");\n}', 19, 19),
    Sample("code", "git log --oneline --graph --decorate -n 20", 13, 13),
    Sample(
        "code",
        '@app.get("/items/{item_id}")\nasync def read_item(item_id: int, q: str | None = None):\n    return {"item_id": item_id, "q": q}',
        39,
        39,
    ),
    Sample(
        "code",
        '#include <stdio.h>\n\nint main(void) {\n    int sum = 0;\n    for (int i = 1; i <= 100; ++i) sum += i;\n    printf("%d\\n", sum);\n    return 0;\n}',
        52,
        52,
    ),
    Sample(
        "code",
        "df = pd.read_csv('sales.csv', parse_dates=['date'])\nmonthly = df.groupby(df['date'].dt.to_period('M'))['amount'].sum()",
        33,
        33,
    ),
    Sample("json", '{"city": "Tokyo", "temperature": 21.5, "conditions": "partly cloudy"}', 22, 23),
    Sample("json", '{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"temperature":0.2}', 27, 26),
    Sample(
        "json",
        '{\n  "name": "my-app",\n  "version": "1.4.2",\n  "private": true,\n  "scripts": {\n    "build": "vite build",\n    "test": "vitest run"\n  }\n}',
        51,
        52,
    ),
    Sample("json", '[{"id": 1, "tags": ["red", "small"]}, {"id": 2, "tags": []}, {"id": 3, "tags": ["blue"]}]', 41, 41),
    Sample(
        "json",
        '{"timestamp":"2025-03-14T09:26:53Z","level":"warn","msg":"disk usage above 85%","host":"web-03"}',
        36,
        36,
    ),
    Sample("url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", 18, 18),
    Sample("url", "https://docs.github.com/en/actions/using-workflows/workflow-syntax-for-github-actions", 19, 18),
    Sample("url", "https://maps.example.org/place/Brandenburger+Tor/@52.5162746,13.3777041,17z", 27, 27),
    Sample("url", "ftp://files.example.edu/pub/datasets/climate/2023/summary.csv", 16, 16),
    Sample("url", "https://news.ycombinator.com/item?id=40123456", 14, 14),
    Sample("german", "Was ist der Unterschied zwischen einem Vertrag und einer Vereinbarung?", 12, 16),
    Sample("german", "Schreibe eine kurze Geschichte über einen Hund, der Angst vor Gewittern hat.", 18, 20),
    Sample("german", "Die Krankenversicherung übernimmt die Kosten für die Behandlung nur teilweise.", 12, 20),
    Sample("german", "Könntest du diesen Absatz bitte ins Englische übersetzen?", 14, 17),
    Sample(
        "german",
        "Unser Zug hatte über eine Stunde Verspätung, deshalb haben wir den Anschluss in Frankfurt verpasst.",
        21,
        28,
    ),
    Sample("japanese", "富士山の高さは何メートルですか？", 13, 16),
    Sample("japanese", "この料理のレシピを教えてください。材料は四人分でお願いします。", 19, 28),
    Sample("japanese", "新しいスマートフォンのバッテリーは一日中持ちます。", 18, 23),
    Sample("japanese", "来週の月曜日に大阪へ出張する予定です。", 14, 23),
    Sample("japanese", "機械学習とディープラーニングの違いを簡単に説明してください。", 21, 36),
)


CORPUS = FITTED + HELD_OUT
KINDS = ("english", "code", "json", "url", "german", "japanese")
