using System;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Models;
using Taskcluster.Models.Queue;

namespace Taskcluster.Client.Tests.Models;

/// <summary>WireName.Of gives an enum value's TaskCluster text, the one its model writes.</summary>
public sealed class WireNameTests
{
    [Test]
    public void A_value_gives_the_text_its_model_writes()
    {
        Assert.That(WireName.Of(TaskPriority.VeryHigh, QueueJsonContext.Default.TaskPriority), Is.EqualTo("very-high"));
        Assert.That(WireName.Of(TaskStatusState.Completed, QueueJsonContext.Default.TaskStatusState), Is.EqualTo("completed"));
        Assert.That(WireName.Of(TaskRequires.AllCompleted, QueueJsonContext.Default.TaskRequires), Is.EqualTo("all-completed"));
    }

    [Test]
    public void Unknown_has_no_text_to_give()
    {
        Assert.Throws<JsonException>(() => WireName.Of(TaskStatusState.Unknown, QueueJsonContext.Default.TaskStatusState));
    }

    [Test]
    public void Metadata_is_required()
    {
        var error = Assert.Throws<ArgumentNullException>(() => WireName.Of(TaskStatusState.Pending, null!));
        Assert.That(error!.ParamName, Is.EqualTo("type"));
    }
}
