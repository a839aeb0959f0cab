-- AlterTable
ALTER TABLE "MetricBucket" DROP CONSTRAINT "MetricBucket_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "MetricBucket_pkey" PRIMARY KEY ("featureId", "minute", "phase", "segment", "shard");

-- AlterTable
ALTER TABLE "HourBucket" DROP CONSTRAINT "HourBucket_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "HourBucket_pkey" PRIMARY KEY ("featureId", "hour", "phase", "segment", "shard");

-- AlterTable
ALTER TABLE "ModelBucket" DROP CONSTRAINT "ModelBucket_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "ModelBucket_pkey" PRIMARY KEY ("featureId", "model", "hour", "phase", "segment", "shard");

-- AlterTable
ALTER TABLE "SourceBucket" DROP CONSTRAINT "SourceBucket_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "SourceBucket_pkey" PRIMARY KEY ("featureId", "hour", "phase", "segment", "source", "shard");

-- AlterTable
ALTER TABLE "JudgeBucket" DROP CONSTRAINT "JudgeBucket_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "JudgeBucket_pkey" PRIMARY KEY ("featureId", "hour", "phase", "segment", "shard");

-- AlterTable
ALTER TABLE "SliceBucket" DROP CONSTRAINT "SliceBucket_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "SliceBucket_pkey" PRIMARY KEY ("featureId", "hour", "phase", "segment", "inputType", "shard");

-- AlterTable
ALTER TABLE "AdoptionDay" DROP CONSTRAINT "AdoptionDay_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "AdoptionDay_pkey" PRIMARY KEY ("featureId", "day", "phase", "segment", "shard");

