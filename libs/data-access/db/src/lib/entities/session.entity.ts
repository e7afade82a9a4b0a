import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, uuidKey } from './column-types';

/** A refresh-token session. Only the token's sha256 is stored; rotation links a session to its successor. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Index()
  @Column(uuidKey())
  userId!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  refreshTokenHash!: string;

  @Column(instantMs())
  expiresAtMs!: number;

  @Column(instantMs({ nullable: true }))
  revokedAtMs!: number | null;

  /** Set when the session was rotated; presenting a rotated token again revokes the whole family. */
  @Column({ ...uuidKey(), nullable: true })
  replacedById!: string | null;

  @Column(instantMs())
  createdAtMs!: number;
}
