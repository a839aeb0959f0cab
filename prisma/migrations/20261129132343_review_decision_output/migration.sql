-- CreateIndex
CREATE INDEX "ReviewDecision_outputId_idx" ON "ReviewDecision"("outputId");

