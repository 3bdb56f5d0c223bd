import type { DirectoryUser, Page, UserDirectory } from '@videoforge/core';

/** A user pool in memory; `findError` makes every lookup fail, as an unreachable pool would. */
export class InMemoryUserDirectory implements UserDirectory {
  readonly users: DirectoryUser[];
  readonly groups = new Map<string, Set<string>>();
  findError: Error | undefined;
  /** How many lookups `find` served. */
  finds = 0;

  constructor(users: readonly DirectoryUser[] = []) {
    this.users = [...users];
  }

  async list(opts: { limit: number }): Promise<Page<DirectoryUser>> {
    return { items: this.users.slice(0, opts.limit) };
  }

  async find(userId: string): Promise<DirectoryUser | undefined> {
    this.finds++;
    if (this.findError) throw this.findError;
    return this.users.find((u) => u.userId === userId);
  }

  async membersOf(group: string): Promise<Set<string>> {
    return new Set(this.groups.get(group));
  }
}
