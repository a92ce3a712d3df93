// The same configuration as codegen.yml, as a codegen.ts.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // In a CommonJS config, `schema: require.resolve('@wandb-ts/schema/wandb.graphql')` works as well.
  schema: [{ '@wandb-ts/schema/wandb.graphql': { loader: '@wandb-ts/schema/codegen-loader' } }],
  documents: 'src/**/*.graphql',
  generates: {
    'src/generated/graphql.ts': { plugins: ['typescript-operations', 'typed-document-node'] },
  },
};

export default config;
