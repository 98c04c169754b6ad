using System.Security.Cryptography;
using System.Text;

namespace InverseScaling.Engine.Data;

/// <summary>
/// A task type chosen by the user instead of the one the file's columns give (the pipeline's <c>--task-type</c>):
/// <c>absolute_logodds</c> for a logodds file, whose columns are the same, or <c>classification</c> for a logodds
/// file's first prompts.
/// </summary>
public static class TaskTypeOverride
{
    /// <summary>
    /// <paramref name="task"/> as a task of <paramref name="type"/>. The same file scored as two types gives different
    /// numbers, so a changed type also changes the task's name ("… (absolute_logodds)") and its identity in the store
    /// (<see cref="TaskDataset.Sha256"/> becomes the hash of the file's hash and the type), keeping both apart.
    /// </summary>
    /// <exception cref="DatasetFormatException">The file's columns do not fit <paramref name="type"/>.</exception>
    public static TaskDataset Apply(TaskDataset task, TaskType type)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (type == task.Type)
        {
            return task;
        }

        var fits = type switch
        {
            TaskType.Logodds or TaskType.AbsoluteLogodds => task.Type.IsLogodds(),
            TaskType.Classification => task.Type.IsLogodds(),
            _ => false,
        };
        if (!fits)
        {
            var needs = type switch
            {
                TaskType.Logodds or TaskType.AbsoluteLogodds => $"\"{TaskFileKeys.Prompt}\", \"{TaskFileKeys.OtherPrompt}\" (or \"{TaskFileKeys.BiasedPrompt}\"), \"{TaskFileKeys.Classes}\" and \"{TaskFileKeys.AnswerIndex}\"",
                TaskType.Classification => $"\"{TaskFileKeys.Prompt}\", \"{TaskFileKeys.Classes}\" and \"{TaskFileKeys.AnswerIndex}\"",
                _ => $"\"{TaskFileKeys.Prompt}\" and \"{TaskFileKeys.Completion}\"",
            };
            throw new DatasetFormatException(task.SourcePath, [new DatasetIssue(task.SourcePath, 0, IssueSeverity.Error,
                $"cannot be scored as {type.PipelineName()}: its columns make it a {task.Type.PipelineName()} task, and {type.PipelineName()} needs {needs}")]);
        }

        var identity = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{task.Sha256}\ntype={type.PipelineName()}")));
        return task with
        {
            Name = $"{task.Name} ({type.PipelineName()})",
            Type = type,
            Sha256 = identity,
            Origin = task.Origin == TaskOrigin.Official ? TaskOrigin.User : task.Origin,
        };
    }
}
