using MusicGenre.Cli;
using MusicGenre.Cli.Modeling;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

public class CliParsingTests
{
    [Theory]
    [InlineData("random", "random", 0)]
    [InlineData("kfold:10", "kfold", 10)]
    [InlineData("KFold", "kfold", 5)]
    [InlineData("fault-filtered", "fault-filtered", 0)]
    [InlineData("stratified", "stratified-lists", 0)]
    public void SplitSpec_ParsesEveryForm(string text, string kind, int folds)
        => Assert.Equal(new SplitSpec(kind, folds), SplitSpec.Parse(text));

    [Theory]
    [InlineData("kfold:1")]
    [InlineData("kfold:x")]
    [InlineData("holdout")]
    public void SplitSpec_RejectsOtherForms(string text)
        => Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => SplitSpec.Parse(text)).ExitCode);

    [Fact]
    public void ModelKinds_AcceptsAliases_AndListsKnownNamesOnError()
    {
        Assert.Equal("cnn-lstm", ModelKinds.Parse("CNN_LSTM"));
        Assert.Equal(["crnn", "classical"], ModelKinds.ParseList("crnn, classical,crnn"));
        Assert.Contains("cnn-gru", Assert.Throws<CliException>(() => ModelKinds.Parse("vgg")).Message);
    }

    [Fact]
    public void RunJournal_KeepsEntriesAcrossOpens_OnlyForTheSameSignature()
    {
        using var dir = new TempFolder();
        var journal = RunJournal.Open(dir.Path, "a");
        journal.Add(new RunJournal.Entry("crnn", 1, 0, 0.5));
        journal.Add(new RunJournal.Entry("crnn", 1, 0, 0.75)); // replaces
        Assert.Equal(0.75, RunJournal.Open(dir.Path, "a").Find("crnn", 1, 0)!.Accuracy);
        Assert.Equal(1, RunJournal.Open(dir.Path, "a").Count);
        Assert.Null(RunJournal.Open(dir.Path, "b").Find("crnn", 1, 0));
        File.WriteAllText(Path.Combine(dir.Path, RunJournal.FileName), "{ not json");
        Assert.Equal(0, RunJournal.Open(dir.Path, "a").Count);
    }
}
