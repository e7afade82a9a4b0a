import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FindingEvidence } from '@loadwatch/domain/rules';
import { instantMs, json, localDate, uuidKey } from './column-types';

export type FindingStatus = 'open' | 'retracted';

/**
 * A finding of the rules (spec/rules.md section 6), unique per athlete, rule and anchor: re-evaluation
 * updates it, and a finding whose cause is gone is retracted with the reason, never deleted.
 */
@Entity('findings')
@Index(['athleteId', 'rule', 'anchorKind', 'anchorId'], { unique: true })
@Index(['athleteId', 'status'])
// The alerts reconciler's scan: open findings changed in the last day, by change time.
@Index(['status', 'updatedAtMs'])
export class FindingEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  athleteId!: string;

  @Column({ type: 'varchar', length: 8 })
  rule!: string;

  @Column({ type: 'varchar', length: 16 })
  severity!: string;

  @Column({ type: 'varchar', length: 16 })
  anchorKind!: string;

  @Column({ type: 'varchar', length: 100 })
  anchorId!: string;

  @Column(localDate())
  anchorDate!: string;

  @Column(localDate())
  date!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  relation!: string | null;

  @Column({ type: 'text' })
  message!: string;

  @Column(json())
  evidence!: FindingEvidence;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: FindingStatus;

  @Column({ type: 'text', nullable: true })
  retractedReason!: string | null;

  @Column(instantMs({ nullable: true }))
  acknowledgedAtMs!: number | null;

  @Column(instantMs())
  createdAtMs!: number;

  @Column(instantMs())
  updatedAtMs!: number;
}
