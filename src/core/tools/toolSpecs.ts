import type { ToolSpec } from '../ports';
import type { ArgSchema } from './argsCheck';

/**
 * The agent's tools, declared once: what the model is offered (name, description, JSON schema) and
 * what kind of access each needs, which the policy (`toolPolicy.ts`) decides on. Names are the keys
 * of TOOLS, so a new tool cannot be offered without its schema and access.
 */
export type ToolAccess = 'read' | 'write' | 'validate' | 'command';

interface ToolDefinition {
  access: ToolAccess;
  description: string;
  schema: ArgSchema;
}

const PATH = 'A path relative to the workspace root, with forward slashes.';

export const TOOLS = {
  read_file: {
    access: 'read',
    description:
      'Read a text file, whole or a range of lines (1-based, inclusive). Long files are cut; ask for a range.',
    schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: PATH, minLength: 1, maxLength: 4096 },
        startLine: { type: 'integer', description: 'First line to return (1-based).', minimum: 1 },
        endLine: { type: 'integer', description: 'Last line to return (inclusive).', minimum: 1 },
      },
      required: ['path'],
      additionalProperties: false,
    },
  },
  list_dir: {
    access: 'read',
    description: 'List the entries of a folder (folders end with "/"). Default: the workspace root.',
    schema: {
      type: 'object',
      properties: { path: { type: 'string', description: PATH, maxLength: 4096 } },
      required: [],
      additionalProperties: false,
    },
  },
  find_files: {
    access: 'read',
    description: 'Find files by glob (e.g. "src/**/*.ts"), honouring .gitignore. Returns relative paths.',
    schema: {
      type: 'object',
      properties: {
        glob: {
          type: 'string',
          description: 'A glob, matched against paths relative to the root.',
          minLength: 1,
          maxLength: 1000,
        },
        path: { type: 'string', description: `Folder to search in. ${PATH}`, maxLength: 4096 },
      },
      required: ['glob'],
      additionalProperties: false,
    },
  },
  search_text: {
    access: 'read',
    description:
      'Search file contents with ripgrep (a regular expression unless fixed is true). Returns path:line: text.',
    schema: {
      type: 'object',
      properties: {
        pattern: { type: 'string', description: 'What to search for.', minLength: 1, maxLength: 1000 },
        fixed: { type: 'boolean', description: 'Treat the pattern as plain text, not a regular expression.' },
        glob: { type: 'string', description: 'Only files matching this glob.', maxLength: 1000 },
        path: { type: 'string', description: `Folder or file to search. ${PATH}`, maxLength: 4096 },
      },
      required: ['pattern'],
      additionalProperties: false,
    },
  },
  edit_file: {
    access: 'write',
    description:
      'Replace one exact piece of a file: `search` must occur exactly once (copy it from read_file, with its whitespace).',
    schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: PATH, minLength: 1, maxLength: 4096 },
        search: { type: 'string', description: 'The exact text to replace; it must occur once.', minLength: 1 },
        replace: { type: 'string', description: 'The text to put in its place.' },
      },
      required: ['path', 'search', 'replace'],
      additionalProperties: false,
    },
  },
  write_file: {
    access: 'write',
    description: 'Create a file, or replace a whole file, with the given content.',
    schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: PATH, minLength: 1, maxLength: 4096 },
        content: { type: 'string', description: 'The whole new content of the file.' },
      },
      required: ['path', 'content'],
      additionalProperties: false,
    },
  },
  read_tool_output: {
    access: 'read',
    description:
      'Read a range of lines (1-based, inclusive) of a long tool output that was cut; its marker names the id.',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', description: 'The id the marker names.', minLength: 1, maxLength: 200 },
        startLine: { type: 'integer', description: 'First line to return (1-based).', minimum: 1 },
        endLine: { type: 'integer', description: 'Last line to return (inclusive).', minimum: 1 },
      },
      required: ['id'],
      additionalProperties: false,
    },
  },
  ask_scout: {
    access: 'read',
    description:
      'Hand a question to a fresh Scout session (read-only, its own context); only its final answer comes back. ' +
      'Use it for questions whose reads you will not need again, only the conclusion.',
    schema: {
      type: 'object',
      properties: {
        question: {
          type: 'string',
          description: 'The question, with what the Scout needs to know to answer it.',
          minLength: 1,
          maxLength: 20_000,
        },
      },
      required: ['question'],
      additionalProperties: false,
    },
  },
  run_validation: {
    access: 'validate',
    description: "Run the project's validation commands (from the rules file or settings); returns the first failure.",
    schema: { type: 'object', properties: {}, required: [], additionalProperties: false },
  },
  run_command: {
    access: 'command',
    description:
      'Run one program with arguments (an argv array, no shell: no pipes, redirects or variables). The user must approve it.',
    schema: {
      type: 'object',
      properties: {
        argv: {
          type: 'array',
          description: 'Program then arguments, e.g. ["npm", "test"].',
          items: { type: 'string', maxLength: 10_000 },
          minItems: 1,
          maxItems: 200,
        },
      },
      required: ['argv'],
      additionalProperties: false,
    },
  },
} as const satisfies Record<string, ToolDefinition>;

export type ToolName = keyof typeof TOOLS;

export const TOOL_NAMES = Object.keys(TOOLS) as ToolName[];

export function isToolName(name: string): name is ToolName {
  return Object.prototype.hasOwnProperty.call(TOOLS, name);
}

/** The typed arguments of each tool, after `checkArgs` has passed them. */
export interface ToolArgs {
  read_file: { path: string; startLine?: number; endLine?: number };
  list_dir: { path?: string };
  find_files: { glob: string; path?: string };
  search_text: { pattern: string; fixed?: boolean; glob?: string; path?: string };
  edit_file: { path: string; search: string; replace: string };
  write_file: { path: string; content: string };
  read_tool_output: { id: string; startLine?: number; endLine?: number };
  ask_scout: { question: string };
  run_validation: Record<string, never>;
  run_command: { argv: string[] };
}

/** A call whose arguments passed its schema: the name and the arguments belong together. */
export type CheckedCall = { [N in ToolName]: { name: N; args: ToolArgs[N] } }[ToolName];

export function toolSpec(name: ToolName): ToolSpec {
  const tool = TOOLS[name];
  return { name, description: tool.description, parameters: tool.schema as unknown as Record<string, unknown> };
}
