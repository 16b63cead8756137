{
	"patcher": {
		"fileversion": 1,
		"appversion": {
			"major": 8,
			"minor": 5,
			"revision": 5,
			"architecture": "x64",
			"modernui": 1
		},
		"classnamespace": "box",
		"rect": [
			80,
			80,
			1000,
			760
		],
		"bglocked": 0,
		"openinpresentation": 1,
		"default_fontsize": 10,
		"default_fontface": 0,
		"default_fontname": "Arial Bold",
		"gridonopen": 1,
		"gridsize": [
			8,
			8
		],
		"gridsnaponopen": 1,
		"objectsnaponopen": 1,
		"statusbarvisible": 2,
		"toolbarvisible": 1,
		"lefttoolbarpinned": 0,
		"toptoolbarpinned": 0,
		"righttoolbarpinned": 0,
		"bottomtoolbarpinned": 0,
		"toolbars_unpinned_last_save": 0,
		"tallnewobj": 0,
		"boxanimatetime": 200,
		"enablehscroll": 1,
		"enablevscroll": 1,
		"devicewidth": 440,
		"description": "MidiDrumiGen: drum clips in the style of any artist, from the local MidiDrumiGen API.",
		"digest": "",
		"tags": "drums midi generator",
		"style": "",
		"subpatcher_template": "",
		"assistshowspatchername": 0,
		"boxes": [
			{
				"box": {
					"id": "obj-midiin",
					"maxclass": "newobj",
					"text": "midiin",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						"int"
					],
					"patching_rect": [
						20,
						20,
						50,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-midiout",
					"maxclass": "newobj",
					"text": "midiout",
					"numinlets": 1,
					"numoutlets": 0,
					"outlettype": [],
					"patching_rect": [
						20,
						60,
						55,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-bridge",
					"maxclass": "newobj",
					"text": "node.script bridge.js @autostart 1 @watch 0",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"patching_rect": [
						420,
						420,
						260,
						22
					],
					"varname": "bridge",
					"saved_object_attributes": {
						"autostart": 1,
						"defer": 0,
						"watch": 0
					}
				}
			},
			{
				"box": {
					"id": "obj-route",
					"maxclass": "newobj",
					"text": "route status progress writer similar artist api tempodisp meter",
					"numinlets": 1,
					"numoutlets": 9,
					"outlettype": [
						"",
						"",
						"",
						"",
						"",
						"",
						"",
						"",
						""
					],
					"patching_rect": [
						420,
						470,
						420,
						22
					],
					"varname": "bridge_route"
				}
			},
			{
				"box": {
					"id": "obj-writer",
					"maxclass": "newobj",
					"text": "js live_writer.js",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						560,
						560,
						110,
						22
					],
					"varname": "writer",
					"saved_object_attributes": {
						"filename": "live_writer.js",
						"parameter_enable": 0
					}
				}
			},
			{
				"box": {
					"id": "obj-deferlow",
					"maxclass": "newobj",
					"text": "deferlow",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						560,
						520,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-thisdevice",
					"maxclass": "newobj",
					"text": "live.thisdevice",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"bang",
						"int",
						"int"
					],
					"patching_rect": [
						700,
						470,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-init",
					"maxclass": "message",
					"text": "init",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						700,
						520,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-lbl-artist",
					"maxclass": "comment",
					"text": "Artist",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						20,
						120,
						40,
						18
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						7,
						40,
						18
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-artist",
					"maxclass": "textedit",
					"varname": "artist",
					"text": "",
					"keymode": 1,
					"lines": 1,
					"wordwrap": 0,
					"numinlets": 1,
					"numoutlets": 4,
					"outlettype": [
						"",
						"int",
						"",
						""
					],
					"patching_rect": [
						20,
						140,
						236,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						44,
						4,
						236,
						22
					],
					"fontname": "Arial Bold",
					"fontsize": 12,
					"annotation": "Type an artist, band or drummer, then press Generate."
				}
			},
			{
				"box": {
					"id": "obj-artist-route",
					"maxclass": "newobj",
					"text": "route text",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"patching_rect": [
						20,
						180,
						70,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-artist-prepend",
					"maxclass": "newobj",
					"text": "prepend artist",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						20,
						220,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-similar-menu",
					"maxclass": "umenu",
					"varname": "similar_menu",
					"items": [],
					"arrow": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"int",
						"",
						""
					],
					"parameter_enable": 0,
					"patching_rect": [
						280,
						140,
						150,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						284,
						4,
						152,
						22
					],
					"fontname": "Arial Bold",
					"fontsize": 10,
					"annotation": "Artists with a similar style (press Similar); pick one to use it."
				}
			},
			{
				"box": {
					"id": "obj-pick",
					"maxclass": "newobj",
					"text": "prepend pick",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						280,
						180,
						80,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-lbl-bars",
					"maxclass": "comment",
					"text": "Bars",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						20,
						260,
						46,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						30,
						46,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-lbl-variations",
					"maxclass": "comment",
					"text": "Variations",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						80,
						260,
						62,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						52,
						30,
						62,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-lbl-tempo",
					"maxclass": "comment",
					"text": "Tempo",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						140,
						260,
						54,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						116,
						30,
						54,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-lbl-follow",
					"maxclass": "comment",
					"text": "Follow",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						200,
						260,
						40,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						172,
						30,
						40,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-lbl-kit",
					"maxclass": "comment",
					"text": "Kit",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						260,
						260,
						40,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						214,
						30,
						40,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-lbl-human",
					"maxclass": "comment",
					"text": "Human",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						320,
						260,
						44,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						330,
						30,
						44,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-lbl-online",
					"maxclass": "comment",
					"text": "Online",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						380,
						260,
						50,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						380,
						30,
						50,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-bars",
					"maxclass": "live.numbox",
					"varname": "bars",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						20,
						290,
						44,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						46,
						44,
						16
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Bars",
							"parameter_shortname": "Bars",
							"parameter_type": 1,
							"parameter_mmin": 1,
							"parameter_mmax": 16,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								4
							],
							"parameter_unitstyle": 0
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-bars-prepend",
					"maxclass": "newobj",
					"text": "prepend bars",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						20,
						330,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-variations",
					"maxclass": "live.numbox",
					"varname": "variations",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						120,
						290,
						44,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						52,
						46,
						56,
						16
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Variations",
							"parameter_shortname": "Vars",
							"parameter_type": 1,
							"parameter_mmin": 1,
							"parameter_mmax": 8,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								4
							],
							"parameter_unitstyle": 0
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-variations-prepend",
					"maxclass": "newobj",
					"text": "prepend variations",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						120,
						330,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-tempo",
					"maxclass": "live.numbox",
					"varname": "tempo",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						220,
						290,
						44,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						116,
						46,
						50,
						16
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Tempo",
							"parameter_shortname": "Tempo",
							"parameter_type": 0,
							"parameter_mmin": 40,
							"parameter_mmax": 300,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								120
							],
							"parameter_unitstyle": 1
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-tempo-prepend",
					"maxclass": "newobj",
					"text": "prepend tempo",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						220,
						330,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-follow",
					"maxclass": "live.toggle",
					"varname": "follow",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						320,
						290,
						15,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						176,
						46,
						16,
						16
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Follow Live Tempo",
							"parameter_shortname": "Follow Live Tempo",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"on"
							],
							"parameter_mmax": 1,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								1
							]
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-follow-prepend",
					"maxclass": "newobj",
					"text": "prepend follow",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						320,
						330,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-humanize",
					"maxclass": "live.toggle",
					"varname": "humanize",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						420,
						290,
						15,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						334,
						46,
						16,
						16
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Humanize",
							"parameter_shortname": "Humanize",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"on"
							],
							"parameter_mmax": 1,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								1
							]
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-humanize-prepend",
					"maxclass": "newobj",
					"text": "prepend humanize",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						420,
						330,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-online",
					"maxclass": "live.toggle",
					"varname": "online",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						460,
						290,
						15,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						384,
						46,
						16,
						16
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Online Research",
							"parameter_shortname": "Online Research",
							"parameter_type": 2,
							"parameter_enum": [
								"off",
								"on"
							],
							"parameter_mmax": 1,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								1
							]
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-online-prepend",
					"maxclass": "newobj",
					"text": "prepend online",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						460,
						330,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-drummap",
					"maxclass": "live.menu",
					"varname": "drummap",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": [
						"",
						"",
						"float"
					],
					"parameter_enable": 1,
					"patching_rect": [
						520,
						290,
						110,
						15
					],
					"presentation": 1,
					"presentation_rect": [
						214,
						46,
						112,
						16
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Drum Map",
							"parameter_shortname": "Kit",
							"parameter_type": 2,
							"parameter_enum": [
								"Drum Rack",
								"General MIDI",
								"EZdrummer 3",
								"Superior Drummer 3",
								"Addictive Drums 2",
								"Steven Slate 5",
								"BFD3",
								"MT Power Drum Kit",
								"Logic Drum Kit",
								"Roland V-Drums"
							],
							"parameter_mmax": 9,
							"parameter_initial_enable": 1,
							"parameter_initial": [
								0
							]
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-drummap-prepend",
					"maxclass": "newobj",
					"text": "prepend drummap",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						520,
						330,
						100,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-generate",
					"maxclass": "live.text",
					"varname": "btn_generate",
					"text": "Generate",
					"texton": "Generate",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						20,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						68,
						78,
						22
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Generate",
							"parameter_shortname": "Generate",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-generate-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						20,
						400,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-generate-msg",
					"maxclass": "message",
					"text": "generate",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						20,
						430,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-research",
					"maxclass": "live.text",
					"varname": "btn_research",
					"text": "Research",
					"texton": "Research",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						130,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						86,
						68,
						64,
						22
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Research",
							"parameter_shortname": "Research",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-research-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						130,
						400,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-research-msg",
					"maxclass": "message",
					"text": "research",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						130,
						430,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-augment",
					"maxclass": "live.text",
					"varname": "btn_augment",
					"text": "Augment",
					"texton": "Augment",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						240,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						154,
						68,
						64,
						22
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Augment",
							"parameter_shortname": "Augment",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-augment-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						240,
						400,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-augment-msg",
					"maxclass": "message",
					"text": "augment",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						240,
						430,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-similar",
					"maxclass": "live.text",
					"varname": "btn_similar",
					"text": "Similar",
					"texton": "Similar",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						350,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						222,
						68,
						56,
						22
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Similar",
							"parameter_shortname": "Similar",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-btn-similar-t",
					"maxclass": "newobj",
					"text": "t b b",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"bang",
						"bang"
					],
					"patching_rect": [
						350,
						400,
						40,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-similar-msg",
					"maxclass": "message",
					"text": "similar",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						350,
						430,
						60,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-folder",
					"maxclass": "live.text",
					"varname": "btn_folder",
					"text": "Folder…",
					"texton": "Folder…",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						460,
						370,
						60,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						282,
						68,
						76,
						22
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Choose Folder",
							"parameter_shortname": "Folder",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-opendialog",
					"maxclass": "newobj",
					"text": "opendialog fold",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						"bang"
					],
					"patching_rect": [
						460,
						400,
						100,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-folder-prepend",
					"maxclass": "newobj",
					"text": "prepend folder",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						460,
						430,
						90,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-btn-reveal",
					"maxclass": "live.text",
					"varname": "btn_reveal",
					"text": "Show Files",
					"texton": "Show Files",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"parameter_enable": 1,
					"patching_rect": [
						580,
						370,
						70,
						22
					],
					"presentation": 1,
					"presentation_rect": [
						362,
						68,
						74,
						22
					],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_longname": "Show Files",
							"parameter_shortname": "Files",
							"parameter_type": 2,
							"parameter_enum": [
								"val1",
								"val2"
							],
							"parameter_mmax": 1,
							"parameter_invisible": 2
						}
					}
				}
			},
			{
				"box": {
					"id": "obj-reveal-msg",
					"maxclass": "message",
					"text": "reveal",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						580,
						430,
						50,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-progress",
					"maxclass": "slider",
					"varname": "progress",
					"size": 101,
					"min": 0,
					"ignoreclick": 1,
					"orientation": 1,
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"parameter_enable": 0,
					"patching_rect": [
						420,
						620,
						200,
						12
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						96,
						432,
						10
					]
				}
			},
			{
				"box": {
					"id": "obj-status-set",
					"maxclass": "newobj",
					"text": "prepend set",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						420,
						520,
						80,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-status",
					"maxclass": "comment",
					"text": "Start the API (mididrumigen serve), type an artist, press Generate.",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						420,
						660,
						432,
						32
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						110,
						432,
						32
					],
					"fontname": "Arial",
					"fontsize": 10,
					"varname": "status",
					"linecount": 2
				}
			},
			{
				"box": {
					"id": "obj-lbl-api",
					"maxclass": "comment",
					"text": "API",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						20,
						600,
						24,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						4,
						149,
						24,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10
				}
			},
			{
				"box": {
					"id": "obj-api",
					"maxclass": "textedit",
					"varname": "api",
					"text": "http://127.0.0.1:8000",
					"keymode": 1,
					"lines": 1,
					"wordwrap": 0,
					"numinlets": 1,
					"numoutlets": 4,
					"outlettype": [
						"",
						"int",
						"",
						""
					],
					"patching_rect": [
						20,
						620,
						200,
						18
					],
					"presentation": 1,
					"presentation_rect": [
						30,
						147,
						200,
						18
					],
					"fontname": "Arial",
					"fontsize": 10,
					"annotation": "Address of the MidiDrumiGen API (mididrumigen serve). Press Return to apply."
				}
			},
			{
				"box": {
					"id": "obj-api-route",
					"maxclass": "newobj",
					"text": "route text",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": [
						"",
						""
					],
					"patching_rect": [
						20,
						650,
						70,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-api-prepend",
					"maxclass": "newobj",
					"text": "prepend api",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						20,
						680,
						80,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-meter-set",
					"maxclass": "newobj",
					"text": "prepend set",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [
						""
					],
					"patching_rect": [
						640,
						520,
						80,
						22
					]
				}
			},
			{
				"box": {
					"id": "obj-meter",
					"maxclass": "comment",
					"text": "4/4 from Live",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [
						640,
						560,
						200,
						16
					],
					"presentation": 1,
					"presentation_rect": [
						236,
						149,
						200,
						16
					],
					"fontname": "Arial Bold",
					"fontsize": 10,
					"varname": "meter"
				}
			}
		],
		"lines": [
			{
				"patchline": {
					"source": [
						"obj-midiin",
						0
					],
					"destination": [
						"obj-midiout",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-thisdevice",
						0
					],
					"destination": [
						"obj-init",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-init",
						0
					],
					"destination": [
						"obj-writer",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-bridge",
						0
					],
					"destination": [
						"obj-route",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						2
					],
					"destination": [
						"obj-deferlow",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-deferlow",
						0
					],
					"destination": [
						"obj-writer",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-writer",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist",
						0
					],
					"destination": [
						"obj-artist-route",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-route",
						0
					],
					"destination": [
						"obj-artist-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-route",
						1
					],
					"destination": [
						"obj-artist-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-artist-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-similar-menu",
						1
					],
					"destination": [
						"obj-pick",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-pick",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						3
					],
					"destination": [
						"obj-similar-menu",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						4
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-bars",
						0
					],
					"destination": [
						"obj-bars-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-bars-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-variations",
						0
					],
					"destination": [
						"obj-variations-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-variations-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-tempo",
						0
					],
					"destination": [
						"obj-tempo-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-tempo-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						6
					],
					"destination": [
						"obj-tempo",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-follow",
						0
					],
					"destination": [
						"obj-follow-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-follow-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-humanize",
						0
					],
					"destination": [
						"obj-humanize-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-humanize-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-online",
						0
					],
					"destination": [
						"obj-online-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-online-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-drummap",
						0
					],
					"destination": [
						"obj-drummap-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-drummap-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-generate",
						0
					],
					"destination": [
						"obj-btn-generate-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-generate-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-generate-t",
						0
					],
					"destination": [
						"obj-btn-generate-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-generate-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-research",
						0
					],
					"destination": [
						"obj-btn-research-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-research-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-research-t",
						0
					],
					"destination": [
						"obj-btn-research-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-research-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-augment",
						0
					],
					"destination": [
						"obj-btn-augment-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-augment-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-augment-t",
						0
					],
					"destination": [
						"obj-btn-augment-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-augment-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-similar",
						0
					],
					"destination": [
						"obj-btn-similar-t",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-similar-t",
						1
					],
					"destination": [
						"obj-artist",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-similar-t",
						0
					],
					"destination": [
						"obj-btn-similar-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-similar-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-folder",
						0
					],
					"destination": [
						"obj-opendialog",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-opendialog",
						0
					],
					"destination": [
						"obj-folder-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-folder-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-btn-reveal",
						0
					],
					"destination": [
						"obj-reveal-msg",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-reveal-msg",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						1
					],
					"destination": [
						"obj-progress",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						0
					],
					"destination": [
						"obj-status-set",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-status-set",
						0
					],
					"destination": [
						"obj-status",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-api",
						0
					],
					"destination": [
						"obj-api-route",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-api-route",
						0
					],
					"destination": [
						"obj-api-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-api-route",
						1
					],
					"destination": [
						"obj-api-prepend",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-api-prepend",
						0
					],
					"destination": [
						"obj-bridge",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						5
					],
					"destination": [
						"obj-api",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-route",
						7
					],
					"destination": [
						"obj-meter-set",
						0
					]
				}
			},
			{
				"patchline": {
					"source": [
						"obj-meter-set",
						0
					],
					"destination": [
						"obj-meter",
						0
					]
				}
			}
		],
		"parameters": {
			"obj-bars": [
				"Bars",
				"Bars",
				0
			],
			"obj-variations": [
				"Variations",
				"Vars",
				0
			],
			"obj-tempo": [
				"Tempo",
				"Tempo",
				0
			],
			"obj-follow": [
				"Follow Live Tempo",
				"Follow Live Tempo",
				0
			],
			"obj-humanize": [
				"Humanize",
				"Humanize",
				0
			],
			"obj-online": [
				"Online Research",
				"Online Research",
				0
			],
			"obj-drummap": [
				"Drum Map",
				"Kit",
				0
			],
			"obj-btn-generate": [
				"Generate",
				"Generate",
				0
			],
			"obj-btn-research": [
				"Research",
				"Research",
				0
			],
			"obj-btn-augment": [
				"Augment",
				"Augment",
				0
			],
			"obj-btn-similar": [
				"Similar",
				"Similar",
				0
			],
			"obj-btn-folder": [
				"Choose Folder",
				"Folder",
				0
			],
			"obj-btn-reveal": [
				"Show Files",
				"Files",
				0
			],
			"parameterbanks": {
				"0": {
					"index": 0,
					"name": "",
					"parameters": [
						"obj-bars",
						"obj-variations",
						"obj-tempo",
						"obj-follow",
						"obj-drummap",
						"obj-humanize",
						"-",
						"-"
					]
				}
			},
			"inherited_shortname": 1
		},
		"dependency_cache": [
			{
				"name": "bridge.js",
				"patcherrelativepath": ".",
				"type": "TEXT",
				"implicit": 1
			},
			{
				"name": "api_client.js",
				"patcherrelativepath": ".",
				"type": "TEXT",
				"implicit": 1
			},
			{
				"name": "clip_notes.js",
				"patcherrelativepath": ".",
				"type": "TEXT",
				"implicit": 1
			},
			{
				"name": "drum_maps.js",
				"patcherrelativepath": ".",
				"type": "TEXT",
				"implicit": 1
			},
			{
				"name": "live_writer.js",
				"patcherrelativepath": ".",
				"type": "TEXT",
				"implicit": 1
			}
		],
		"autosave": 0
	}
}
