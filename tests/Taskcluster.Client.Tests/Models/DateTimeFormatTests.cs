using System;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Client.Tests.Models;

/// <summary>
/// <c>format: date-time</c> values (<see cref="DateTimeOffset"/> in the models) come back out as TaskCluster writes
/// them: UTC, <c>Z</c>, three fraction digits, or exactly as many as a finer value needs.
/// </summary>
[TestFixture]
public sealed class DateTimeFormatTests
{
    private static string Run(string scheduled)
        => $$"""{"reasonCreated":"scheduled","runId":0,"scheduled":"{{scheduled}}","state":"pending"}""";

    [TestCase("2026-11-30T12:34:56.789Z")]
    [TestCase("2026-11-30T12:34:56.000Z")]
    [TestCase("2026-11-30T12:34:56.780Z")]
    [TestCase("2026-01-01T00:00:00.000Z")]
    [TestCase("1999-12-31T23:59:59.999Z")]
    [TestCase("2026-11-30T12:34:56.0011Z")]
    [TestCase("2026-11-30T12:34:56.123456Z")]
    [TestCase("2026-11-30T12:34:56.1234567Z")]
    public void A_time_in_taskclusters_form_is_written_back_as_it_was_read(string time)
    {
        var run = JsonSerializer.Deserialize<TaskStatusRunsItem>(Run(time))!;

        Assert.That(JsonSerializer.Serialize(run), Is.EqualTo(Run(time)));
    }

    [Test]
    public void The_value_is_the_moment_the_text_names()
    {
        var run = JsonSerializer.Deserialize<TaskStatusRunsItem>(Run("2026-11-30T12:34:56.789Z"))!;

        Assert.That(run.Scheduled, Is.EqualTo(new DateTimeOffset(2026, 11, 30, 12, 34, 56, 789, TimeSpan.Zero)));
        Assert.That(run.Scheduled.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    /// <summary>
    /// The model holds the moment, not its spelling: other spellings of the same moment are written in TaskCluster's
    /// one form (documented in ModelJson.WriteDateTimeOffset and the README).
    /// </summary>
    [TestCase("2026-11-30T13:34:56.789+01:00", "2026-11-30T12:34:56.789Z")]
    [TestCase("2026-11-30T12:34:56Z", "2026-11-30T12:34:56.000Z")]
    [TestCase("2026-11-30T12:34:56.7Z", "2026-11-30T12:34:56.700Z")]
    public void Another_spelling_of_a_moment_is_written_in_taskclusters_form(string read, string written)
    {
        var run = JsonSerializer.Deserialize<TaskStatusRunsItem>(Run(read))!;

        Assert.That(JsonSerializer.Serialize(run), Is.EqualTo(Run(written)));
    }

    [Test]
    public void A_time_set_in_code_with_an_offset_is_written_in_utc()
    {
        var run = new TaskStatusRunsItem
        {
            ReasonCreated = TaskStatusRunsItemReasonCreated.Scheduled,
            RunId = 0,
            Scheduled = new DateTimeOffset(2026, 11, 30, 7, 34, 56, 789, TimeSpan.FromHours(-5)),
            State = TaskStatusRunsItemState.Pending,
        };

        Assert.That(JsonSerializer.Serialize(run), Is.EqualTo(Run("2026-11-30T12:34:56.789Z")));
    }
}
