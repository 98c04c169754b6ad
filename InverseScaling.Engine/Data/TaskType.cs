namespace InverseScaling.Engine.Data;

/// <summary>The Prize's task types that the winning datasets use.</summary>
public enum TaskType
{
    /// <summary>Pick one of several classes; loss is the NLL of the answer after renormalising over the classes.</summary>
    Classification,

    /// <summary>Summed NLL of a fixed completion (Prompt Injection).</summary>
    SequenceProb,
}

/// <summary>Where a task's examples came from; decides how the UI labels it.</summary>
public enum TaskOrigin
{
    /// <summary>Byte-identical to one of the 11 official release files (SHA-256 verified).</summary>
    Official,

    /// <summary>Any other file in the official or submission format.</summary>
    User,

    /// <summary>Made by one of the project's generators; never carries an official name.</summary>
    Generated,

    /// <summary>
    /// Built from lm-evaluation-harness samples of a task that was not loaded: prompt = the request's context,
    /// classes = its continuations, answer = the target.
    /// </summary>
    Samples,
}
