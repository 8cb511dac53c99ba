// The official openai npm package against the served fake: run by tests/serve/test_js_client.py,
// which starts the server and passes its base URL. Prints one JSON object of what it saw.
import OpenAI, { toFile } from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "sk-node-client", maxRetries: 0 });
const messages = [{ role: "user", content: "Plan a picnic." }];
const seen = {};

const plain = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
seen.chat = { id: plain.id, model: plain.model, content: plain.choices[0].message.content, usage: plain.usage };

const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true });
const pieces = [];
let chunks = 0;
for await (const chunk of stream) {
  chunks += 1;
  pieces.push(chunk.choices[0]?.delta?.content ?? "");
}
seen.stream = { chunks, text: pieces.join("") };

const embedded = await client.embeddings.create({ model: "text-embedding-3-small", input: "hello", dimensions: 8 });
seen.embedding = embedded.data[0].embedding;

const file = await client.files.create({
  file: await toFile(Buffer.from("Bread, flour, yeast."), "notes.txt"),
  purpose: "assistants",
});
const content = await client.files.content(file.id);
seen.file = { id: file.id, filename: file.filename, bytes: file.bytes, content: await content.text() };

try {
  await client.files.retrieve("file-never-made");
  seen.error = null;
} catch (error) {
  seen.error = { name: error.constructor.name, status: error.status, message: error.message, requestID: error.requestID };
}

console.log(JSON.stringify(seen));
