// Bulwark-ENV1 on every shape a Lambda function's or an ECS task's environment can take: none at
// all, a list known only at deploy time, several containers, values too short to be a secret.
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { NoLiteralSecretsInEnvironment } from '../../../../../lib/checks/aws/rules/compute/NoLiteralSecretsInEnvironment';

const policy = buildPolicy(extendPreset('baseline', { name: 'demo' }));

function lambdaVerdict(environment: unknown): unknown {
  const app = new App();
  const node = new lambda.CfnFunction(new Stack(app, 'Fn'), 'Function', {
    role: 'arn:aws:iam::123456789012:role/r',
    code: { zipFile: 'x' },
    environment: environment as never,
  });
  return NoLiteralSecretsInEnvironment(node, { index: AppIndex.of(app), policy });
}

function taskVerdict(containerDefinitions: unknown): unknown {
  const app = new App();
  const node = new ecs.CfnTaskDefinition(new Stack(app, 'Ecs'), 'Task', { containerDefinitions: containerDefinitions as never });
  return NoLiteralSecretsInEnvironment(node, { index: AppIndex.of(app), policy });
}

describe('Bulwark-ENV1 on a Lambda function', () => {
  it('passes a function with no environment, or an environment with no variables', () => {
    expect(lambdaVerdict(undefined)).toBe(COMPLIANT);
    expect(lambdaVerdict({})).toBe(COMPLIANT);
  });

  it('is unresolved when the environment or its variables are known only at deploy time', () => {
    expect(lambdaVerdict(Fn.conditionIf('Prod', { variables: { A: 'b' } }, {}))).toEqual(UNRESOLVED);
    expect(lambdaVerdict({ variables: Fn.conditionIf('Prod', { A: 'b' }, {}) })).toEqual(UNRESOLVED);
  });

  it('flags a credential-named value from 8 characters on (shorter is no secret worth the name), and never a value that is not text', () => {
    expect(lambdaVerdict({ variables: { DB_PASSWORD: 'hunter2' } })).toBe(COMPLIANT);
    expect(lambdaVerdict({ variables: { DB_PASSWORD: 'hunter22' } })).toEqual(['DB_PASSWORD']);
    expect(lambdaVerdict({ variables: { DB_PASSWORD: 12345678 } })).toBe(COMPLIANT);
    expect(lambdaVerdict({ variables: { DB_PASSWORD: ['correct', 'horse', 'battery', 'staple', 'and', 'four', 'more', 'words'] } })).toBe(COMPLIANT);
  });
});

describe('Bulwark-ENV1 on an ECS task definition', () => {
  const container = (name: unknown, environment: unknown) => ({ name, image: 'x', environment });

  it('passes a task with no containers, and containers with no environment', () => {
    expect(taskVerdict(undefined)).toBe(COMPLIANT);
    expect(taskVerdict([container('app', undefined)])).toBe(COMPLIANT);
  });

  it('names each literal secret by its container, in every container', () => {
    expect(
      taskVerdict([
        container('web', [{ name: 'LOG_LEVEL', value: 'info' }]),
        container('worker', [
          { name: 'DB_PASSWORD', value: 'correct-horse-battery' },
          { name: 'API_TOKEN', value: 'correct-horse-battery' },
        ]),
      ]),
    ).toEqual(['worker:DB_PASSWORD', 'worker:API_TOKEN']);
    // A container whose name is not plain text is named by its kind.
    expect(taskVerdict([container(Fn.ref('Name'), [{ name: 'DB_PASSWORD', value: 'correct-horse-battery' }])])).toEqual(['container:DB_PASSWORD']);
  });

  it('is unresolved when the containers, one container, or a container environment is known only at deploy time', () => {
    expect(taskVerdict(Fn.conditionIf('Two', [container('a', [])], []))).toEqual(UNRESOLVED);
    expect(taskVerdict([container('a', []), Fn.conditionIf('Two', container('b', []), Fn.ref('AWS::NoValue'))])).toEqual(UNRESOLVED);
    expect(taskVerdict([container('a', Fn.conditionIf('Prod', [{ name: 'A', value: 'b' }], []))])).toEqual(UNRESOLVED);
    expect(taskVerdict([container('a', [{ name: 'A', value: 'b' }, Fn.conditionIf('Prod', { name: 'B', value: 'c' }, Fn.ref('AWS::NoValue'))])])).toEqual(
      UNRESOLVED,
    );
  });
});
