//! The fixed vocabularies of a strategy: statuses, terms, units, and the handbook's common themes
//! and characteristics of a welcoming community. Their names in each language are interface
//! words of the theme (`status.in-progress`, `theme.employment` ...), so data files hold only ids.

/// Defines a vocabulary enum whose YAML spelling is also its interface-word key.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $prefix:literal { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
        pub enum $name {
            $(
                #[allow(
                    missing_docs,
                    reason = "a variant is its data-file spelling (`as_str`); a doc comment would \
                              turn its JSON Schema `enum` into a `oneOf`"
                )]
                #[serde(rename = $text)]
                $variant
            ),+
        }

        impl $name {
            /// Every value, in the order the documentation lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in data files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The interface-word key of its name, like `status.in-progress`.
            pub fn key(self) -> String {
                format!("{}.{}", $prefix, self.as_str())
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary!(
    /// Where an action stands. Readers look for this first, with the lead.
    Status, "status" {
        Planned = "planned",
        InProgress = "in-progress",
        Done = "done",
        AtRisk = "at-risk",
        Deferred = "deferred",
    }
);

vocabulary!(
    /// When an outcome is expected.
    Term, "term" {
        Short = "short",
        Intermediate = "intermediate",
        Long = "long",
    }
);

vocabulary!(
    /// How a figure or an indicator is counted, which decides how it is written.
    Unit, "unit" {
        Number = "number",
        Percent = "percent",
        Money = "money",
    }
);

vocabulary!(
    /// A seat's role on the partnership council.
    Role, "role" {
        Chair = "chair",
        CoChair = "co-chair",
        Member = "member",
    }
);

vocabulary!(
    /// The common themes of Ontario LIPs' strategies (handbook, "Common Themes and Priorities").
    Theme, "theme" {
        Orientation = "orientation",
        AccessCoordination = "access-coordination",
        Employment = "employment",
        HostCommunity = "host-community",
        LanguageTraining = "language-training",
        MainstreamServices = "mainstream-services",
    }
);

vocabulary!(
    /// The 17 characteristics of a welcoming community (Esses et al., 2010), in their rank order.
    Welcoming, "welcoming" {
        EmploymentOpportunities = "employment-opportunities",
        SocialCapital = "social-capital",
        AffordableHousing = "affordable-housing",
        PositiveAttitudes = "positive-attitudes",
        NewcomerServingAgencies = "newcomer-serving-agencies",
        LinksBetweenActors = "links-between-actors",
        MunicipalServices = "municipal-services",
        Education = "education",
        HealthCare = "health-care",
        PublicTransit = "public-transit",
        ReligiousOrganizations = "religious-organizations",
        SocialEngagement = "social-engagement",
        PoliticalParticipation = "political-participation",
        PoliceJustice = "police-justice",
        Safety = "safety",
        PublicSpaceRecreation = "public-space-recreation",
        MediaCoverage = "media-coverage",
    }
);

vocabulary!(
    /// What a service location offers newcomers.
    ServiceKind, "service" {
        Settlement = "settlement",
        Language = "language",
        Employment = "employment",
        Health = "health",
        Other = "other",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventeen_characteristics_and_six_themes() {
        assert_eq!(Welcoming::ALL.len(), 17);
        assert_eq!(Theme::ALL.len(), 6);
        assert_eq!(Status::InProgress.key(), "status.in-progress");
    }
}
