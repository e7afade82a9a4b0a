import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Every failed constraint as `path: message`, nested fields by their dotted path (`returnToRun.startDate`). */
export function validationMessages(
  errors: ValidationError[],
  parent = '',
): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: phrase(message, error.property, field),
    }));
    return [...own, ...validationMessages(error.children ?? [], field)];
  });
}

/** class-validator's message about `property`, reworded about its full path. */
function phrase(message: string, property: string, field: string): string {
  if (message.startsWith(`${property} `)) return `${field}${message.slice(property.length)}`;
  const each = `each value in ${property} `;
  if (message.startsWith(each)) return `${field}: each value ${message.slice(each.length)}`;
  return `${field}: ${message}`;
}

/**
 * The global pipe: unknown fields refused, values transformed to the DTO's types, and a 400 whose message
 * names each bad field.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = validationMessages(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: problems.map((p) => p.message),
        fields: [...new Set(problems.map((p) => p.field))],
      });
    },
  });
}
