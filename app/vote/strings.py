"""Every text the phone's JavaScript shows, translated on the server (flask_babel) and handed
to the page as a JSON data block, so the JS holds no language of its own.
``{name}``-style placeholders are filled in by the JS."""

from __future__ import annotations

from flask_babel import gettext as _


def phone_strings() -> dict[str, str]:
    return {
        "yes": _("Ja"),
        "no": _("Nein"),
        "abstain": _("Enthaltung"),
        "abstain_all": _("Enthaltung zu allen"),
        "no_all": _("Nein zu allen"),
        "single_marks": _("Einzeln abstimmen"),
        "whole_ballot": _("Gesamter Stimmzettel"),
        "none_of_them": _("Enthaltung (niemanden wählen)"),
        "yes_counter": _("Ja-Stimmen: {used} von höchstens {max}"),
        "cross_counter": _("Kreuze: {used} von höchstens {max}"),
        "votes_counter": _("Stimmen: {used} von höchstens {max}"),
        "min_hint": _("Mindestens {min} nötig, sonst ist der Stimmzettel ungültig."),
        "unmarked_hint": _("Ohne Auswahl zählt eine Kandidatur als Enthaltung."),
        "max_reached": _("Höchstzahl erreicht. Nehmen Sie erst eine Stimme zurück."),
        "rank_hint": _("Rang 1 = erste Wahl. Jeden Rang nur einmal, ohne Lücken."),
        "rank_none": _("kein Rang"),
        "votes_for": _("Stimmen für {name}"),
        "seats": _("{n} Sitze zu vergeben"),
        "seat": _("1 Sitz zu vergeben"),
        "motion": _("Antrag"),
        "election": _("Wahl"),
        "review": _("Weiter zur Kontrolle"),
        "choose_first": _("Bitte wählen Sie zuerst Ja, Nein oder Enthaltung."),
        "your_choice": _("Ihre Wahl"),
        "confirm_question": _("Stimme jetzt verbindlich abgeben? Danach kann sie nicht mehr "
                              "geändert werden."),
        "cast": _("Stimme abgeben"),
        "change": _("Ändern"),
        "sending": _("Wird gesendet …"),
        "accepted": _("Ihre Stimme wurde angenommen und wird gezählt."),
        "earlier_counted": _("Ein früherer Stimmzettel mit Ihrer Berechtigung wurde bereits "
                             "abgegeben (etwa in einem anderen Tab oder vor einem Neuladen der "
                             "Seite) und wird gezählt. Ihre neue Wahl wurde nicht gezählt: Ein "
                             "abgegebener Stimmzettel lässt sich nicht ändern."),
        "closed_unconfirmed": _("Die Abstimmung wurde geschlossen, bevor die Bestätigung "
                                "ankam. Ist Ihr Stimmzettel vorher angekommen, wurde er gezählt: "
                                "Die öffentliche Liste zeigt ihn unter diesem Quittungscode."),
        "tracker_label": _("Ihr Quittungscode"),
        "tracker_hint": _("Notieren Sie den Code, wenn Sie möchten. Nach dem Schließen finden Sie "
                          "Ihren Stimmzettel damit in der öffentlichen Liste."),
        "public_list": _("Zur öffentlichen Liste"),
        "credential_wait": _("Stimmzettel wird vorbereitet …"),
        "credential_ready": _("Stimmzettel bereit – Ihre Stimme ist geheim."),
        "credential_elsewhere": _("Für diese Abstimmung wurde Ihr Stimmzettel schon auf einem "
                                  "anderen Gerät oder in einem anderen Browser abgeholt. Bitte "
                                  "stimmen Sie dort ab. Ist er dort verloren (Browserdaten "
                                  "gelöscht, Gerät nicht mehr da), gehen Sie bitte zur "
                                  "Mandatsprüfung (Check-in-Schalter): Dort erhalten Sie für "
                                  "diese Abstimmung einen Papierstimmzettel, und Ihre Karte kann "
                                  "gesperrt und für die folgenden Abstimmungen neu ausgestellt "
                                  "werden. Einen zweiten Stimmzettel auf dem Telefon gibt es "
                                  "für diese Abstimmung nicht."),
        "paper_ballot": _("Sie haben für diese Abstimmung am Check-in-Schalter einen "
                          "Papierstimmzettel erhalten. Bitte stimmen Sie auf Papier ab; hier "
                          "gibt es für diese Abstimmung keinen Stimmzettel."),
        "credential_kept": _("Der Stimmzettel bleibt auf diesem Telefon: Sind Sie wieder "
                             "eingecheckt, können Sie abstimmen, solange die Abstimmung offen "
                             "ist."),
        "credential_failed": _("Der Stimmzettel konnte nicht vorbereitet werden. Neuer Versuch "
                               "läuft …"),
        "no_polls": _("Gerade ist keine Abstimmung geöffnet. Diese Seite aktualisiert sich von "
                      "selbst."),
        "not_present": _("Sie sind nicht als anwesend angemeldet. Bitte melden Sie sich am "
                         "Check-in-Schalter."),
        "not_entitled": _("Sie haben zurzeit kein Stimmrecht."),
        "represented_badge": _("Vertreten"),
        "represented_by": _("Ihre Stimme trägt zurzeit Ihre Ersatzperson {name}. Sind Sie "
                            "angekommen, melden Sie sich bitte an der Mandatsprüfung "
                            "(Check-in-Schalter): Dort kann die Stimmübertragung zwischen zwei "
                            "Abstimmungen beendet werden, danach stimmen Sie selbst ab."),
        "dropped_not_present": _("Sie sind nicht mehr als anwesend eingecheckt und können "
                                 "deshalb bei »{title}« nicht abstimmen. Wenn Sie im Saal sind, "
                                 "melden Sie sich bitte an der Mandatsprüfung "
                                 "(Check-in-Schalter)."),
        "dropped_not_entitled": _("Sie haben zurzeit kein Stimmrecht und können deshalb bei "
                                  "»{title}« nicht abstimmen. Fragen Sie bitte an der "
                                  "Mandatsprüfung (Check-in-Schalter) nach."),
        "present": _("Anwesend, stimmberechtigt"),
        "represents": _("Sie tragen die Stimme von {name}."),
        "signed_in_as": _("Ihre Karte: {name}"),
        "offline": _("Keine Verbindung zum Server. Neuer Versuch läuft …"),
        "closed_before_cast": _("Die Abstimmung »{title}« wurde geschlossen, bevor Sie "
                                "abgestimmt haben."),
        "receipts": _("Ihre Quittungen"),
        "forget": _("Karte auf diesem Gerät vergessen"),
        "forget_confirm": _("Wirklich vergessen? Danach müssen Sie die Karte neu scannen."),
        "forget_waiting": _("Ihr Stimmzettel zu {titles} ist noch nicht beim Server angekommen. "
                            "Wenn Sie die Karte jetzt vergessen, wird er nicht mehr gesendet und "
                            "Ihre Stimme zählt nicht. Trotzdem vergessen?"),
        "code_bad": _("Der Code hat nicht das richtige Format (26 Zeichen, z. B. ABCD-EFGH-…)."),
        "retry": _("Erneut versuchen"),
        "server_error": _("Der Server hat nicht wie erwartet geantwortet (Fehler {status}). "
                          "Bitte gleich erneut versuchen."),
        "network_retry": _("Die Antwort ging verloren. Ihre Stimme wird erneut gesendet – sie "
                           "zählt trotzdem nur einmal."),
    }


def booth_strings() -> dict[str, str]:
    """The booth's own texts (booth.js)."""
    return {
        "booth_receipt_left": _("Die Kabine vergisst Ihre Karte in {n} Sekunden. Notieren Sie "
                                "jetzt Ihren Quittungscode, wenn Sie möchten."),
        "booth_idle_left": _("Noch da? Die Kabine vergisst Ihre Karte in {n} Sekunden. Tippen "
                             "Sie auf den Bildschirm, um weiterzumachen."),
    }
