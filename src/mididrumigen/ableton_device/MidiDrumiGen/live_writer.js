// live_writer.js — the [js] half of the MidiDrumiGen device: writes clips into Live.
//
// ES5 only: Live 11's Max 8 runs [js] on an ES5 engine (checked by the tests). The Live API
// (LiveAPI) is reachable from [js], not from [node.script], so the bridge puts the clips in a
// named dict and sends "write <dict name>" here.
//
// Where clips go: always on the device's own track, in the Session or the Arrangement
// (payload.where: "session", "arrangement", or "auto": the Arrangement when Live's main window
// shows it). An existing clip is never touched.
//   Session: the first clip goes to the highlighted clip slot's scene; each variation takes the
//   next empty slot at or below it, and what does not fit is reported (add scenes).
//   Arrangement: at the insert marker (the song position, current_song_time), one clip after
//   another, each moved past any clip already on the track. Live 12 creates them in place
//   (Track.create_midi_clip); Live 11 cannot, so the clip is made in an empty clip slot, copied
//   to the Arrangement (Track.duplicate_clip_to_arrangement) and the slot emptied again.
// Re-roll: "reroll <dict> <n>" puts variation n's new notes into the clip this writer made for
// it (same place, same name); if that clip is gone, it is written as a new clip.
// Apply feel: "readclip <dict>" puts the selected clip's notes into the dict (the clip shown in
// Live's Detail view when the Arrangement is shown, else the highlighted Session slot's clip,
// else the Detail view's): Clip.get_notes_extended (Live 11+), or get_notes where that is
// missing. "applyfeel <dict>" replaces that clip's notes with the dict's (remove_notes_extended
// + add_new_notes), inside Song.begin_undo_step/end_undo_step where Live has them (one undo).
//
// Messages in:  init (from live.thisdevice)   refresh   write <dict name>   reroll <dict name> <n>
//               readclip <dict name>   applyfeel <dict name>
// Messages out: song <tempo> <numerator> <denominator>
//               written <written> <wanted> <scene…>      (Session; scenes counting from 1)
//               arranged <written> <wanted> <beat…>      (Arrangement; start of each clip)
//               rerolled <n> <replaced|session|arrangement> <scene or beat>
//               clipread <dict name>   feelapplied <notes before> <notes after>   clip_error <text>
//               writer_error <text>

autowatch = 0;
inlets = 1;
outlets = 1;

var observers = [];
var song = { tempo: 120, numerator: 4, denominator: 4 };
var made = {}; // variation number -> id of the clip this writer made for it (last Generate)

function report() {
    outlet(0, "song", song.tempo, song.numerator, song.denominator);
}

function first(value) {
    // LiveAPI.get answers arrays ([120]); callbacks answer ["tempo", 120].
    if (Array.isArray(value)) { return value[value.length - 1]; }
    return value;
}

function observe(property, key) {
    var api = new LiveAPI(function (args) {
        if (args && args[0] === property) {
            song[key] = Number(args[1]);
            report();
        }
    }, "live_set");
    api.property = property;
    observers.push(api);
}

function release() {
    // Stop the observers of an earlier init: each would report every change again.
    for (var i = 0; i < observers.length; i++) {
        try { observers[i].property = ""; } catch (e) { /* already gone with its device */ }
    }
    observers = [];
}

function init() {
    release();
    var s = new LiveAPI("live_set");
    song.tempo = Number(first(s.get("tempo")));
    song.numerator = Number(first(s.get("signature_numerator")));
    song.denominator = Number(first(s.get("signature_denominator")));
    observe("tempo", "tempo");
    observe("signature_numerator", "numerator");
    observe("signature_denominator", "denominator");
    report();
}

function refresh() {
    if (observers.length === 0) {
        try { init(); } catch (e) { /* the Live API is not ready yet: live.thisdevice will init */ }
    } else {
        report();
    }
}

function bang() {
    init();
}

function trackOf() {
    // The device's track: walk up through racks and chains to a Track.
    var node = new LiveAPI("this_device");
    var guard = 0;
    while (node && Number(node.id) !== 0 && guard < 16) {
        if (node.type === "Track") { return node; }
        node = new LiveAPI(node.unquotedpath + " canonical_parent");
        guard += 1;
    }
    return null;
}

function sceneOf(path) {
    var m = /clip_slots (\d+)/.exec(path || "");
    return m ? parseInt(m[1], 10) : -1;
}

function startScene() {
    var hl = new LiveAPI("live_set view highlighted_clip_slot");
    if (Number(hl.id) === 0) { return 0; }
    var scene = sceneOf(hl.unquotedpath);
    return scene < 0 ? 0 : scene;
}

function emptySlots(track, start, wanted) {
    var count = parseInt(track.getcount("clip_slots"), 10);
    var found = [];
    for (var i = start; i < count && found.length < wanted; i++) {
        var slot = new LiveAPI(track.unquotedpath + " clip_slots " + i);
        if (parseInt(first(slot.get("has_clip")), 10) === 0) { found.push(i); }
    }
    return found;
}

function idOf(answer) {
    // A Live object in an answer: ["id", 5], "id 5" or 5.
    var list = Array.isArray(answer) ? answer : String(answer).split(" ");
    var n = parseInt(list[list.length - 1], 10);
    return isNaN(n) ? 0 : n;
}

function byId(id) {
    return new LiveAPI("id " + id);
}

function notesOf(clip) {
    var notes = [];
    for (var i = 0; i < clip.notes.length; i++) {
        var n = clip.notes[i];
        notes.push({ pitch: n.pitch, start_time: n.start_time, duration: n.duration,
                     velocity: n.velocity, mute: n.mute ? 1 : 0 });
    }
    return notes;
}

function fill(c, clip) {
    c.set("name", clip.name);
    c.set("signature_numerator", clip.signature_numerator);
    c.set("signature_denominator", clip.signature_denominator);
    var notes = notesOf(clip);
    if (notes.length > 0) { c.call("add_new_notes", { notes: notes }); }
}

function sessionClip(track, scene, clip) {
    var slot = new LiveAPI(track.unquotedpath + " clip_slots " + scene);
    slot.call("create_clip", clip.length);
    var c = new LiveAPI(track.unquotedpath + " clip_slots " + scene + " clip");
    if (Number(c.id) === 0) { throw new Error("Live did not create a clip in scene " + (scene + 1)); }
    fill(c, clip);
    c.set("looping", 1);
    return Number(c.id);
}

function liveMajorVersion() {
    try {
        return parseInt(first(new LiveAPI("live_app").call("get_major_version")), 10) || 0;
    } catch (e) {
        return 0;
    }
}

function hasFunction(api, name, since) {
    // LiveAPI.info lists an object's members, one a line: "function create_midi_clip". Where it
    // lists no functions at all, go by the Live version the function arrived in.
    var info = " " + String(api.info || "").replace(/\s+/g, " ") + " ";
    if (info.indexOf(" function ") < 0) { return liveMajorVersion() >= since; }
    return info.indexOf(" function " + name + " ") >= 0;
}

function arrangementRanges(track) {
    var ranges = [];
    var ids = track.get("arrangement_clips");
    if (!Array.isArray(ids)) { return ranges; }
    for (var i = 0; i + 1 < ids.length; i += 2) {
        if (ids[i] !== "id") { continue; }
        var c = byId(ids[i + 1]);
        if (Number(c.id) === 0) { continue; }
        ranges.push([Number(first(c.get("start_time"))), Number(first(c.get("end_time")))]);
    }
    return ranges;
}

function freeSpot(ranges, at, length) {
    // The first position at or after `at` where [pos, pos + length) overlaps no clip.
    var pos = at;
    var moved = true;
    while (moved) {
        moved = false;
        for (var i = 0; i < ranges.length; i++) {
            if (ranges[i][0] < pos + length - 1e-9 && ranges[i][1] > pos + 1e-9) {
                pos = ranges[i][1];
                moved = true;
            }
        }
    }
    return pos;
}

function arrangementWriter(track) {
    // How this Live writes an Arrangement clip: {make(pos, clip) -> clip id} or {error}.
    if (hasFunction(track, "create_midi_clip", 12)) {
        return { make: function (pos, clip) {
            var id = idOf(track.call("create_midi_clip", pos, clip.length));
            var c = byId(id);
            if (id === 0 || Number(c.id) === 0) { throw new Error("Live did not create a clip in the Arrangement"); }
            fill(c, clip);
            return id;
        } };
    }
    if (!hasFunction(track, "duplicate_clip_to_arrangement", 11)) {
        return { error: "this Live cannot write Arrangement clips from a device (Live 11 or later); set Where to Session" };
    }
    var spare = emptySlots(track, 0, 1);
    if (spare.length === 0) {
        return { error: "Live 11 makes Arrangement clips through an empty clip slot on this track: add a scene" };
    }
    return { make: function (pos, clip) {
        var slot = new LiveAPI(track.unquotedpath + " clip_slots " + spare[0]);
        var temp = sessionClip(track, spare[0], clip);
        var id;
        try {
            id = idOf(track.call("duplicate_clip_to_arrangement", "id " + temp, pos));
        } finally {
            slot.call("delete_clip");
        }
        if (id === 0 || Number(byId(id).id) === 0) { throw new Error("Live did not copy the clip to the Arrangement"); }
        return id;
    } };
}

function resolveWhere(where) {
    if (where === "session" || where === "arrangement") { return where; }
    var view = new LiveAPI("live_app view");
    return String(first(view.get("focused_document_view"))) === "Arranger" ? "arrangement" : "session";
}

function readPayload(name) {
    var d = new Dict(name);
    var text = d.stringify();
    var payload = JSON.parse(text);
    if (!payload || !Array.isArray(payload.clips)) {
        throw new Error("dict " + name + " holds no clips");
    }
    return payload;
}

function deviceTrack() {
    var track = trackOf();
    if (track === null) {
        outlet(0, "writer_error", "put MidiDrumiGen on a MIDI track to write clips");
        return null;
    }
    if (Number(track.getcount("clip_slots")) === 0) {
        outlet(0, "writer_error", "this track has no clip slots (master or return track?)");
        return null;
    }
    return track;
}

// Write clips as new clips; returns {where, ids, places (scenes from 1, or beats), wanted}.
function writeNew(track, clips, where) {
    var ids = [];
    var places = [];
    var i;
    if (resolveWhere(where) === "arrangement") {
        var writer = arrangementWriter(track);
        if (writer.error) { throw new Error(writer.error); }
        var ranges = arrangementRanges(track);
        var pos = Number(first(new LiveAPI("live_set").get("current_song_time")));
        for (i = 0; i < clips.length; i++) {
            pos = freeSpot(ranges, pos, clips[i].length);
            ids.push(writer.make(pos, clips[i]));
            places.push(pos);
            ranges.push([pos, pos + clips[i].length]);
            pos += clips[i].length;
        }
        return { where: "arrangement", ids: ids, places: places };
    }
    var slots = emptySlots(track, startScene(), clips.length);
    for (i = 0; i < slots.length; i++) {
        ids.push(sessionClip(track, slots[i], clips[i]));
        places.push(slots[i] + 1);
    }
    return { where: "session", ids: ids, places: places };
}

function write(name) {
    try {
        var payload = readPayload(String(name));
        var track = deviceTrack();
        if (track === null) { return; }
        var done = writeNew(track, payload.clips, payload.where || "auto");
        made = {};
        for (var k = 0; k < done.ids.length; k++) { made[k + 1] = done.ids[k]; }
        outlet(0, [done.where === "arrangement" ? "arranged" : "written", done.ids.length, payload.clips.length].concat(done.places));
    } catch (e) {
        outlet(0, "writer_error", String(e && e.message ? e.message : e));
    }
}

function nameOf(c) {
    // A symbol property may come back as one string or as its words.
    return [].concat(c.get("name")).join(" ");
}

function ourClip(id, name) {
    // The clip made for a variation, if it is still there under the name it was given.
    if (!id) { return null; }
    var c = byId(id);
    if (Number(c.id) === 0 || c.type !== "Clip") { return null; }
    return nameOf(c) === name ? c : null;
}

function reroll(name, variation) {
    try {
        var payload = readPayload(String(name));
        var n = parseInt(variation, 10);
        var clip = payload.clips[0];
        var c = ourClip(made[n], clip.name);
        if (c !== null) {
            c.call("remove_notes_extended", 0, 128, 0, Math.max(clip.length, Number(first(c.get("length")))) + 1);
            fill(c, clip);
            outlet(0, "rerolled", n, "replaced", 0);
            return;
        }
        var track = deviceTrack();
        if (track === null) { return; }
        var done = writeNew(track, [clip], payload.where || "auto");
        if (done.ids.length === 0) {
            outlet(0, "writer_error", "no empty clip slot at or below the selected scene for Var " + n + "; add scenes");
            return;
        }
        made[n] = done.ids[0];
        outlet(0, "rerolled", n, done.where, done.places[0]);
    } catch (e) {
        outlet(0, "writer_error", String(e && e.message ? e.message : e));
    }
}

// --- Apply feel: read the selected clip, write its new notes back --------------------------

var NOTE_EXTRAS = ["probability", "velocity_deviation", "release_velocity"];
var WHOLE_CLIP = 1000000; // beats: every note of a clip, wherever it sits

function liveClip(path) {
    var c = new LiveAPI(path);
    return (Number(c.id) !== 0 && c.type === "Clip") ? c : null;
}

function selectedClip() {
    var detail = liveClip("live_set view detail_clip");
    if (resolveWhere("auto") === "arrangement" && detail !== null) { return detail; }
    var slot = liveClip("live_set view highlighted_clip_slot clip");
    return slot !== null ? slot : detail;
}

function parseNotes(answer) {
    // get_notes_extended answers a dict as JSON text ({"notes": [...]}), or the dict itself.
    var value = answer;
    if (Array.isArray(value)) { value = value.join(" "); }
    if (typeof value === "string") { value = JSON.parse(value); }
    if (!value || !Array.isArray(value.notes)) { throw new Error("Live answered no notes"); }
    return value.notes;
}

function legacyNotes(answer) {
    // get_notes (before Live 11): notes N note pitch time duration velocity mute … done
    var list = [].concat(answer);
    var notes = [];
    for (var i = 0; i < list.length; i++) {
        if (list[i] === "note" && i + 5 < list.length) {
            notes.push({ pitch: Number(list[i + 1]), start_time: Number(list[i + 2]), duration: Number(list[i + 3]),
                         velocity: Number(list[i + 4]), mute: Number(list[i + 5]) ? 1 : 0 });
            i += 5;
        }
    }
    return notes;
}

function clipNotes(c) {
    if (hasFunction(c, "get_notes_extended", 11)) {
        return parseNotes(c.call("get_notes_extended", 0, 128, 0, WHOLE_CLIP));
    }
    return legacyNotes(c.call("get_notes", 0, 0, WHOLE_CLIP, 128));
}

function readclip(name) {
    try {
        var c = selectedClip();
        if (c === null) {
            outlet(0, "clip_error", "select a MIDI clip in Live first (a Session clip slot, or a clip in the Arrangement)");
            return;
        }
        if (Number(first(c.get("is_midi_clip"))) === 0) {
            outlet(0, "clip_error", "the selected clip is an audio clip; select a MIDI clip");
            return;
        }
        var raw = clipNotes(c);
        var notes = [];
        for (var i = 0; i < raw.length; i++) {
            var n = raw[i];
            var note = { pitch: Number(n.pitch), start_time: Number(n.start_time), duration: Number(n.duration),
                         velocity: Number(n.velocity), mute: n.mute ? 1 : 0 };
            for (var k = 0; k < NOTE_EXTRAS.length; k++) {
                if (n[NOTE_EXTRAS[k]] !== undefined) { note[NOTE_EXTRAS[k]] = Number(n[NOTE_EXTRAS[k]]); }
            }
            notes.push(note);
        }
        var d = new Dict(String(name));
        d.parse(JSON.stringify({
            clip_id: Number(c.id), name: nameOf(c), length: Number(first(c.get("length"))),
            signature_numerator: Number(first(c.get("signature_numerator"))),
            signature_denominator: Number(first(c.get("signature_denominator"))),
            notes: notes
        }));
        outlet(0, "clipread", String(name));
    } catch (e) {
        outlet(0, "clip_error", String(e && e.message ? e.message : e));
    }
}

function applyfeel(name) {
    var song = null;
    var undo = false;
    try {
        var payload = JSON.parse(new Dict(String(name)).stringify());
        if (!payload || !Array.isArray(payload.notes)) { throw new Error("dict " + name + " holds no notes"); }
        var c = byId(payload.clip_id);
        if (Number(c.id) === 0 || c.type !== "Clip") {
            outlet(0, "writer_error", "the clip was deleted while its feel was being made; nothing changed");
            return;
        }
        var before = clipNotes(c).length;
        song = new LiveAPI("live_set");
        undo = hasFunction(song, "begin_undo_step", 99);
        if (undo) { song.call("begin_undo_step"); }
        c.call("remove_notes_extended", 0, 128, 0, WHOLE_CLIP);
        if (payload.notes.length > 0) { c.call("add_new_notes", { notes: payload.notes }); }
        outlet(0, "feelapplied", before, payload.notes.length);
    } catch (e) {
        outlet(0, "writer_error", String(e && e.message ? e.message : e));
    } finally {
        if (undo) {
            try { song.call("end_undo_step"); } catch (e2) { /* Live closes it itself */ }
        }
    }
}

function anything() {
    post("MidiDrumiGen writer: unknown message " + messagename + "\n");
}
