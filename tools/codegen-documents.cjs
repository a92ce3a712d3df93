// A GraphQL Code Generator plugin: typed-document-node's documents in
// `documentMode: string`, without the `TypedDocumentString` class that plugin
// writes into every output; the class is imported from `documentClassModule`
// instead. The SDK's documents are split between outputs by when they load
// (codegen.yml), and graphql-client.ts recognises them as instances of one
// class, which two copies would break.
//
// codegen.yml names it by path (`./tools/codegen-documents.cjs`); both
// tools/codegen.mjs and the @graphql-codegen/cli of `npm run codegen:check`
// load it from there. Config (besides typed-document-node's own):
//   documentClassModule: the module that exports the class ('./operations.js')
'use strict';

const typedDocumentNode = require('@graphql-codegen/typed-document-node');
const { DocumentMode, typedDocumentString } = require('@graphql-codegen/visitor-plugin-common');

module.exports = {
  plugin(schema, documents, config, info) {
    const { documentClassModule } = config;
    if (config.documentMode !== DocumentMode.string || typeof documentClassModule !== 'string') {
      throw new Error('codegen-documents: set documentMode: string and documentClassModule (where TypedDocumentString is imported from)');
    }
    const output = typedDocumentNode.plugin(schema, documents, config, info);
    const content = typeof output === 'string' ? output : output.content;
    if (!content.startsWith(typedDocumentString.template)) throw new Error('codegen-documents: typed-document-node no longer starts with its class');
    // The class's own type import goes with it.
    const prepend = (output.prepend ?? []).filter((line) => !line.includes(typedDocumentString.import.moduleName));
    return {
      prepend: [...prepend, `import { TypedDocumentString } from '${documentClassModule}';`],
      content: content.slice(typedDocumentString.template.length),
    };
  },
  validate: typedDocumentNode.validate,
};
