package org.emon.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The operator's view: each meter with its sources, stored pulses and power. */
@ProviderType
public interface StatusService {

    /** One entry per configured meter, ordered by id, plus sources whose meter is not configured. */
    List<MeterStatus> meters();

    /** Sources whose meter id has no configured meter: their pulses are refused. */
    List<MeterStatus.SourceInfo> orphanSources();
}
