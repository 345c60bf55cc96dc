namespace SensorWatch.IntegrationTests.Reliability;

/// <summary>The reconciliation itself: a verifier that cannot see loss or duplicates proves nothing.</summary>
public sealed class LedgerTests
{
    [Fact]
    public void Reconcile_MissingId_ReportedAsLost()
    {
        List<LedgerInput> inputs = LedgerGenerator.Create(10);
        List<LedgerOutcome> outcomes = [.. inputs.Skip(1).Select(input => new LedgerOutcome(input.Id, LedgerOutcomeKind.Score, "scored"))];

        LedgerReport report = Ledger.Reconcile("unit", 1, inputs, outcomes);

        Assert.Equal(1, report.Lost);
        Assert.Equal(inputs[0].Id, Assert.Single(report.LostIds));
        Assert.Contains(report.Violations(0, 0), violation => violation.Contains("lost", StringComparison.Ordinal));
    }

    [Fact]
    public void Reconcile_RepeatedAnswers_DuplicatesCountedPerIdAndInTotal()
    {
        List<LedgerInput> inputs = LedgerGenerator.Create(4);
        List<LedgerOutcome> outcomes = [.. inputs.Select(input => new LedgerOutcome(input.Id, LedgerOutcomeKind.Score, "scored"))];
        outcomes.Add(new LedgerOutcome(inputs[1].Id, LedgerOutcomeKind.Score, "scored"));
        outcomes.Add(new LedgerOutcome(inputs[1].Id, LedgerOutcomeKind.Score, "scored"));
        outcomes.Add(new LedgerOutcome(inputs[2].Id, LedgerOutcomeKind.Score, "probation"));

        LedgerReport report = Ledger.Reconcile("unit", 1, inputs, outcomes);

        Assert.Equal(0, report.Lost);
        Assert.Equal(2, report.MaxDuplicates);
        Assert.Equal(3, report.TotalDuplicates);
        Assert.Empty(report.Violations(2, 3));
        Assert.Equal(2, report.Violations(1, 2).Count);
        Assert.NotEmpty(report.Violations(0, 0));   // exactly-once: any duplicate is a violation
    }

    [Fact]
    public void Reconcile_BadInputScoredOrWrongReason_ReportedAsMisrouted()
    {
        List<LedgerInput> inputs = LedgerGenerator.Create(6, sensors: 2, badEvery: 2);
        LedgerInput[] bad = [.. inputs.Where(input => input.ExpectedReason is not null)];
        LedgerInput good = inputs.First(input => input.ExpectedReason is null);
        List<LedgerOutcome> outcomes =
        [
            new(good.Id, LedgerOutcomeKind.DeadLetter, "processing-error"),
            new(bad[0].Id, LedgerOutcomeKind.Score, "scored"),
            new(bad[1].Id, LedgerOutcomeKind.DeadLetter, "not-" + bad[1].ExpectedReason),
            new(bad[2].Id, LedgerOutcomeKind.DeadLetter, bad[2].ExpectedReason!),
        ];

        LedgerReport report = Ledger.Reconcile("unit", 1, inputs, outcomes);

        Assert.Equal(3, report.Misrouted.Count);
        Assert.Equal(2, report.Lost);   // the two other good windows
    }

    [Fact]
    public void Reconcile_AlertRepeatedWithSameIdStateAndWindow_CountedAsAlertDuplicate()
    {
        List<LedgerOutcome> outcomes =
        [
            new("a1", LedgerOutcomeKind.Alert, "open|t1|80"),
            new("a1", LedgerOutcomeKind.Alert, "open|t1|80"),
            new("a1", LedgerOutcomeKind.Alert, "resolved|t3|80"),
        ];

        LedgerReport report = Ledger.Reconcile("unit", 1, [], outcomes);

        Assert.Equal(3, report.Alerts);
        Assert.Equal(1, report.AlertDuplicates);
    }

    [Fact]
    public void Reconcile_OutputOfUnknownId_Ignored()
    {
        List<LedgerInput> inputs = LedgerGenerator.Create(2);
        List<LedgerOutcome> outcomes = [.. inputs.Select(input => new LedgerOutcome(input.Id, LedgerOutcomeKind.Score, "scored")), new("someone-else", LedgerOutcomeKind.Score, "scored")];

        LedgerReport report = Ledger.Reconcile("unit", 1, inputs, outcomes);

        Assert.Empty(report.Violations(0, 0));
    }

    [Fact]
    public void Create_SameArguments_SameBytesUniqueIdsAndOneDistinctReasonPerBadKind()
    {
        List<LedgerInput> first = LedgerGenerator.Create(400, badEvery: 10);
        List<LedgerInput> second = LedgerGenerator.Create(400, badEvery: 10);

        Assert.Equal(first.Select(input => Convert.ToBase64String(input.Value)), second.Select(input => Convert.ToBase64String(input.Value)));
        Assert.Equal(400, first.Select(input => input.Id).Distinct().Count());
        Assert.Equal(40, first.Count(input => input.ExpectedReason is not null));
        Assert.Equal(LedgerGenerator.BadKinds.Count, LedgerGenerator.BadKinds.Select(kind => kind.Reason).Distinct().Count());
        Assert.Equal(LedgerGenerator.BadKinds.Count, first.Select(input => input.ExpectedReason).OfType<string>().Distinct().Count());
        Assert.Throws<ArgumentException>(() => Ledger.Reconcile("unit", 1, [first[0], first[0]], []));
    }
}
