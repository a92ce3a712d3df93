import { coordinateOf, isWithin } from '../src/coordinates';
import { annotation } from '../src/github';

describe('schema coordinates from graphql-inspector paths', () => {
  test.each([
    ['FIELD_REMOVED', 'User.deletedAt', 'User.deletedAt'],
    ['TYPE_REMOVED', 'ApiKey', 'ApiKey'],
    ['FIELD_ARGUMENT_ADDED', 'Query.users.flavor', 'Query.users(flavor:)'],
    ['FIELD_ARGUMENT_TYPE_CHANGED', 'Query.users.query', 'Query.users(query:)'],
    ['ENUM_VALUE_ADDED', 'UserAccountType.SUPERUSER', 'UserAccountType.SUPERUSER'],
    ['FIELD_DEPRECATION_ADDED', 'User.email.@deprecated', 'User.email'],
    ['DIRECTIVE_REMOVED', '@auth', '@auth'],
    ['DIRECTIVE_ARGUMENT_ADDED', '@auth.role', '@auth(role:)'],
    ['DIRECTIVE_USAGE_SCHEMA_ADDED', '.@link', '<schema>'],
    ['SCHEMA_QUERY_TYPE_CHANGED', undefined, '<schema>'],
  ])('%s at %s is %s', (type, path, coordinate) => {
    expect(coordinateOf({ type, path })).toBe(coordinate);
  });

  test('a change at a type or field covers what is inside it, not its namesakes', () => {
    expect(isWithin('User.name', 'User')).toBe(true);
    expect(isWithin('User.apiKeys(first:)', 'User.apiKeys')).toBe(true);
    expect(isWithin('User.apiKeys', 'User.apiKeys')).toBe(true);
    expect(isWithin('UserConnection.edges', 'User')).toBe(false);
    expect(isWithin('User.apiKeysCount', 'User.apiKeys')).toBe(false);
  });
});

describe('GitHub annotations', () => {
  test('properties and message are escaped so commas, colons and newlines cannot end the command or forge another', () => {
    expect(annotation('error', 'line one\n::error::forged: 100%', { file: 'a,b.graphql', line: 3, col: 5, title: 'wandb-schema: User.name' })).toBe(
      '::error file=a%2Cb.graphql,line=3,col=5,title=wandb-schema%3A User.name::line one\\u000a::error::forged: 100%25',
    );
    expect(annotation('warning', 'x', { title: 'T\r\n::error::y \u001b[2J' })).toBe('::warning title=T\\u000d\\u000a%3A%3Aerror%3A%3Ay \\u001b[2J::x');
  });

  test('without properties', () => {
    expect(annotation('notice', 'hello')).toBe('::notice::hello');
  });
});
