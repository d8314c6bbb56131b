// The third-party part of Blognet's post editor, bundled once into
// static/vendor/blognet-editor/blognet-editor.min.js (see README.md in this folder).
// Blognet's own code (static/js/editor.js) uses these through window.BlognetEditor.
import { Editor, Extension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { Markdown } from "@tiptap/markdown";
import Mention from "@tiptap/extension-mention";
import Image from "@tiptap/extension-image";
import { TableKit } from "@tiptap/extension-table";
import { Placeholder } from "@tiptap/extensions";

window.BlognetEditor = { Editor, Extension, StarterKit, Markdown, Mention, Image, TableKit, Placeholder };
