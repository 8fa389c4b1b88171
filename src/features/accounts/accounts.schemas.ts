import { z } from '@hono/zod-openapi';
import { displayName as displayNameField, idParam, roleEnum, slug, teamName, text } from '../common/fields';

export { HandleParam } from '../common/fields';
export const RoleSchema = roleEnum;

export const UserSchema = z
  .object({
    handle: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    active: z.boolean(),
    teams: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('User');

export const ListUsersQuery = z.object({
  hasForecasts: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .openapi({
      description:
        'true: only users who have made at least one forecast (the analyst pickers); false: only those who have not',
    }),
});

export const SignInBody = z
  .object({ handle: z.string().min(1).max(64), password: z.string().min(1).max(1024) })
  .strict()
  .openapi('SignIn');

const password = z.string().min(8, 'must be at least 8 characters').max(1024);
const displayName = displayNameField();

export const CreateUserBody = z
  .object({
    handle: slug,
    displayName,
    role: RoleSchema,
    password,
    teams: z.array(slug).max(100).optional(),
  })
  .strict()
  .openapi('CreateUser');

export const UpdateUserBody = z
  .object({
    displayName: displayName.optional(),
    role: RoleSchema.optional(),
    password: password.optional(),
    active: z.boolean().optional(),
    teams: z.array(slug).max(100).optional(),
  })
  .strict()
  .openapi('UpdateUser');

export const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: password })
  .strict()
  .openapi('ChangePassword');

export const TeamSchema = z.object({ key: z.string(), name: z.string(), members: z.array(z.string()) }).openapi('Team');
export const CreateTeamBody = z.object({ key: slug, name: teamName() }).strict().openapi('CreateTeam');
export const TeamMembersBody = z
  .object({ handles: z.array(slug).max(10_000) })
  .strict()
  .openapi('TeamMembers');

export const TokenSchema = z
  .object({ id: z.number().int(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .openapi('ApiToken');
export const CreateTokenBody = z
  .object({ name: text().trim().min(1).max(200) })
  .strict()
  .openapi('CreateToken');
export const CreatedTokenSchema = z
  .object({ token: z.string(), id: z.number().int(), name: z.string(), createdAt: z.string() })
  .openapi('CreatedToken');

export const TeamKeyParam = z.object({ key: slug.openapi({ param: { name: 'key', in: 'path' } }) });
export const TokenIdParam = z.object({
  id: idParam.openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }),
});

export type UserDto = z.infer<typeof UserSchema>;
export type TeamDto = z.infer<typeof TeamSchema>;
export type TokenDto = z.infer<typeof TokenSchema>;
export type CreatedTokenDto = z.infer<typeof CreatedTokenSchema>;
