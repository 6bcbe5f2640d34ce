import { readBoundedFile } from '../../core/read-bounded-file';
import { OutputFileError } from './output-file-error';

/**
 * The largest file `bulwark check` reads (a manifest, a template, a cdk.tf.json, a cdk.json):
 * 50 MiB. CloudFormation accepts templates of 1 MB, so a larger one is not a synthesized app.
 */
export const MAX_INPUT_FILE_BYTES = 50 * 1024 * 1024;

/**
 * The text of a regular file of at most MAX_INPUT_FILE_BYTES, or an OutputFileError: a FIFO,
 * a device (/dev/zero) or a directory is refused unread (see readBoundedFile).
 */
export function readInputFile(file: string): string {
  const result = readBoundedFile(file, MAX_INPUT_FILE_BYTES);
  if ('bytes' in result) return result.bytes.toString('utf8');
  const { failure } = result;
  switch (failure.reason) {
    case 'cannot-open':
      throw new OutputFileError(`cannot read ${file}: ${failure.message}`);
    case 'not-regular':
      throw new OutputFileError(`${file} is ${failure.kind}, not a regular file: bulwark check reads only regular files; give the synthesized output itself`);
    case 'too-large':
      throw new OutputFileError(
        `${file} is larger than ${MAX_INPUT_FILE_BYTES / (1024 * 1024)} MiB, the most bulwark check reads from one file (MAX_INPUT_FILE_BYTES); a synthesized template or manifest is far smaller: synthesize again`,
      );
  }
}
