import { Column, Entity, PrimaryColumn } from 'typeorm';
import { instantMs, json, real, uuidKey } from './column-types';

export type UserRole = 'athlete' | 'coach' | 'admin';
export type WeekStart = 'monday' | 'sunday';
export type Units = 'km' | 'mi';

/** An account with its athlete settings (time zone, week start, units, threshold pace, max HR). */
@Entity('users')
export class UserEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 320, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16, default: 'athlete' })
  role!: UserRole;

  @Column({ type: 'varchar', length: 100, nullable: true })
  displayName!: string | null;

  /** IANA zone of the athlete's calendar (spec/metrics.md section 2). */
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timeZone!: string;

  @Column({ type: 'varchar', length: 8, default: 'monday' })
  weekStart!: WeekStart;

  @Column({ type: 'varchar', length: 2, default: 'km' })
  units!: Units;

  /** The athlete's threshold pace (s per km); null: estimate a critical speed. */
  @Column(real({ nullable: true }))
  thresholdPaceSPerKm!: number | null;

  @Column({ type: 'integer', nullable: true })
  maxHeartRateBpm!: number | null;

  /** Return-to-run mode: `{ startDate, weeklyPlanM }` (spec/rules.md R20), or null. */
  @Column(json({ nullable: true }))
  returnToRun!: { startDate: string; weeklyPlanM: number[] } | null;

  /** Rule threshold overrides for this athlete (libs/domain/rules `RulesConfigOverrides`). */
  @Column(json({ nullable: true }))
  rulesConfig!: Record<string, Record<string, number>> | null;

  /** Email preferences (the contracts' `EmailPreferences`, as saved; the alerts feature owns the shape). */
  @Column(json({ nullable: true }))
  emailPreferences!: Record<string, boolean | string | null> | null;

  @Column(instantMs())
  createdAtMs!: number;

  @Column(instantMs())
  updatedAtMs!: number;
}
