import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, uuidKey } from './column-types';

/** Who read an athlete's health data, and when. Holds no health details itself. */
@Entity('audit_log')
@Index(['athleteId', 'atMs'])
export class AuditLogEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  actorId!: string;

  @Column(uuidKey())
  athleteId!: string;

  /** e.g. `read:symptoms`, `read:risk-profile`, `read:findings`. */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column(instantMs())
  atMs!: number;
}
