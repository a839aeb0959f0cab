-- CreateTable
CREATE TABLE "AdoptionDay" (
    "featureId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "units" BYTEA,
    "outputs" INTEGER NOT NULL DEFAULT 0,
    "shown" INTEGER NOT NULL DEFAULT 0,
    "feedback" INTEGER NOT NULL DEFAULT 0,
    "decisionsAi" INTEGER NOT NULL DEFAULT 0,
    "decisionsFallback" INTEGER NOT NULL DEFAULT 0,
    "decisionsOutside" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AdoptionDay_pkey" PRIMARY KEY ("featureId","day","phase","segment")
);

