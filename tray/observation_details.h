#pragma once

// The details of one observation as rich text for the details pane: what it collects with the
// plain-language explanation of each category, why the evidence implies it, the evidence and,
// when declared, the employer's declaration (purpose, legal basis, retention, who may see it,
// agreement, contact).

#include <QCoreApplication>
#include <QString>

#include "overview.h"
#include "policy.h"
#include "vocabulary.h"

namespace indblik::tray {

class ObservationDetails {
    Q_DECLARE_TR_FUNCTIONS(indblik::tray::ObservationDetails)

public:
    // policy is nullptr when undeclared or when the agent has no copy of the declaration.
    static QString html(const ObservationEntry& entry, const Policy* policy, Language language);
    // What the pane shows when no row is selected.
    static QString placeholderHtml();
};

} // namespace indblik::tray
